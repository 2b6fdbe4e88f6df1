import { InitialSchema1764800000000 } from './1764800000000-initial-schema.js';
import { AccessControl1764900000000 } from './1764900000000-access-control.js';

/** Migrations in the order they run. Never edit one that has shipped; add a new one. */
export const MIGRATIONS = [InitialSchema1764800000000, AccessControl1764900000000];
