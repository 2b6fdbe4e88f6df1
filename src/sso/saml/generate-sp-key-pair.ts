import { generateKeyPairSync } from 'node:crypto';

import selfsigned from 'selfsigned';

const TEN_YEARS_DAYS = 3650;

/**
 * A fresh SP signing key and its self-signed certificate: RSA-2048, SHA-256, valid about ten
 * years from `now`. IdPs pin the certificate from our metadata (there is no chain to check in
 * SAML metadata trust), so a long lifetime avoids forced re-configuration.
 */
export function generateSpKeyPair(now: Date): { privateKeyPem: string; certificatePem: string } {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // selfsigned checks the new certificate against the machine's clock, so it must not start in
  // that clock's future (a test clock may run ahead); an hour back also absorbs IdP clock skew.
  const notBefore = new Date(Math.min(now.getTime(), Date.now()) - 3_600_000);
  const generated = selfsigned.generate([{ name: 'commonName', value: 'Tessera SAML SP' }], {
    days: TEN_YEARS_DAYS,
    notBeforeDate: notBefore,
    algorithm: 'sha256',
    keyPair: { privateKey: keys.privateKey, publicKey: keys.publicKey },
  } as Parameters<typeof selfsigned.generate>[1]);
  return { privateKeyPem: keys.privateKey, certificatePem: generated.cert.trim() };
}
