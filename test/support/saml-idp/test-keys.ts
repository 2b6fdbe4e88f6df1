import { generateKeyPairSync } from 'node:crypto';

import selfsigned from 'selfsigned';

export interface TestKeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

/**
 * A fresh RSA-2048 key and a self-signed SHA-256 certificate for it, made at test start so no
 * key material lives in the repository.
 */
export function generateTestKeyPair(commonName: string, now = new Date()): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const notBeforeDate = new Date(now.getTime() - 24 * 3600 * 1000);
  const generated = selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyPair: { privateKey, publicKey },
    algorithm: 'sha256',
    days: 3650,
    notBeforeDate,
  } as Parameters<typeof selfsigned.generate>[1]);
  return { privateKeyPem: privateKey, certificatePem: generated.cert };
}
