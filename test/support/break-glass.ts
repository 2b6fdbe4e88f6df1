import { decodeBase32 } from '../../src/auth/break-glass/base32.js';
import { createBreakGlassOwner } from '../../src/auth/break-glass/create-break-glass-owner.js';
import type { IssuedBreakGlassCredential } from '../../src/auth/break-glass/issue-credential.js';
import * as reset from '../../src/auth/break-glass/reset-break-glass-credential.js';
import { generateTotp } from '../../src/auth/break-glass/totp.js';
import { recordTestSecret, secretPartOf } from './secret-ledger.js';
import { createOrgWithScim, type TestApp } from './test-app.js';

/** A break-glass owner's credential, and the organization it signs in to. */
export interface BreakGlassOwner extends IssuedBreakGlassCredential {
  orgId: string;
  slug: string;
}

export const OPERATOR = { type: 'operator' as const, id: 'test' };

/** Drives `POST /auth/break-glass` of one test app as an owner and an operator would. */
export class BreakGlassDriver {
  private orgs = 0;
  private addresses = 0;

  constructor(private readonly t: TestApp) {}

  /** A fresh organization with a break-glass owner, made the way `org create` makes it. */
  async createOwner(email = 'root@acme.test'): Promise<BreakGlassOwner> {
    const org = await createOrgWithScim(this.t, `bg-${++this.orgs}`);
    return addBreakGlassOwner(this.t, org, email);
  }

  /** The code an authenticator app shows now for this secret. */
  codeFor(secret: string): string {
    return generateTotp(decodeBase32(secret), this.t.clock.now());
  }

  /**
   * A source address of its own (the app trusts X-Forwarded-For from loopback), from the
   * 198.18.0.0/15 benchmarking range (RFC 2544), so there are enough of them.
   */
  newAddress(): string {
    const n = ++this.addresses;
    return `198.18.${n >> 8}.${n & 255}`;
  }

  signIn(owner: BreakGlassOwner, ip: string, change: Record<string, string> = {}) {
    const body = {
      organization: owner.slug,
      email: owner.email,
      password: owner.password,
      code: this.codeFor(owner.totpSecret),
      ...change,
    };
    return this.t.http.post('/auth/break-glass').set('X-Forwarded-For', ip).send(body);
  }

  /** `break-glass reset` as the CLI runs it, in its own transaction. */
  resetFor(owner: BreakGlassOwner, email = owner.email) {
    return resetBreakGlass(this.t, { orgId: owner.orgId, slug: owner.slug }, email);
  }
}

/** Gives an existing organization a break-glass owner, the way `org create --owner-email` does. */
export async function addBreakGlassOwner(
  t: TestApp,
  org: { id: string; slug: string },
  email: string,
): Promise<BreakGlassOwner> {
  const issued = await t.db.transaction((manager) =>
    createBreakGlassOwner(manager, t.keyring, {
      orgId: org.id,
      orgSlug: org.slug,
      email,
      actor: OPERATOR,
      at: t.clock.now(),
    }),
  );
  recordCredential(issued);
  return { ...issued, orgId: org.id, slug: org.slug };
}

/** The password and TOTP secret go on the run's list of secrets no log may contain. */
function recordCredential<T extends IssuedBreakGlassCredential>(issued: T): T {
  recordTestSecret('break-glass password', issued.password);
  recordTestSecret('break-glass TOTP secret', issued.totpSecret);
  return issued;
}

/** `break-glass reset --org SLUG --email EMAIL` as the CLI runs it, in its own transaction. */
export function resetBreakGlass(t: TestApp, org: { orgId: string; slug: string }, email: string) {
  return t.db
    .transaction((manager) =>
      reset.resetBreakGlassCredential(manager, t.keyring, {
        orgId: org.orgId,
        orgSlug: org.slug,
        email,
        actor: OPERATOR,
        at: t.clock.now(),
      }),
    )
    .then(recordCredential);
}

export function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const cookies = res.headers['set-cookie'] as string[];
  const cookie = cookies.find((c) => c.startsWith('tessera_session='))!.split(';')[0]!;
  recordTestSecret('session cookie', secretPartOf(cookie));
  return cookie;
}
