import { InitialSchema1764800000000 } from './1764800000000-initial-schema.js';
import { AccessControl1764900000000 } from './1764900000000-access-control.js';
import { SingleSignOn1765000000000 } from './1765000000000-single-sign-on.js';
import { EventsOutbox1765100000000 } from './1765100000000-events-outbox.js';

/** Migrations in the order they run. Never edit one that has shipped; add a new one. */
export const MIGRATIONS = [
  InitialSchema1764800000000,
  AccessControl1764900000000,
  SingleSignOn1765000000000,
  EventsOutbox1765100000000,
];
