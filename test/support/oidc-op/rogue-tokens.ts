import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { SignJWT } from 'jose';

/** How a crafted ID token is signed. */
export type RogueSigning =
  /** RS256 with the key the rogue OP publishes: a well-formed token. */
  | 'valid'
  /** `alg: none`, no signature (RFC 7518 §3.6). */
  | 'none'
  /** HS256 keyed with the OP's *public* key (PEM text): the classic algorithm confusion. */
  | 'hs256-public-key'
  /** RS256 with a key the OP never published, under the published `kid`. */
  | 'foreign-key';

export interface RogueKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export function createRogueKeys(): RogueKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { kid: 'rogue-key-1', privateKey, publicKey, publicPem };
}

/** Signs `claims` the way an attack needs. */
export async function signRogueToken(
  keys: RogueKeys,
  claims: Record<string, unknown>,
  signing: RogueSigning,
): Promise<string> {
  switch (signing) {
    case 'none': {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
    }
    case 'hs256-public-key':
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
        .sign(new TextEncoder().encode(keys.publicPem));
    case 'foreign-key': {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .sign(privateKey);
    }
    case 'valid':
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .sign(keys.privateKey);
  }
}
