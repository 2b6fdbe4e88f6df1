import { X509Certificate } from 'node:crypto';

import { ValidationError } from '../../errors.js';

/** Several at once so an IdP can rotate; more than this is a mistake, not a rotation. */
export const MAX_IDP_CERTIFICATES = 5;
const MAX_CERTIFICATE_CHARS = 16_000;
const PEM_BODY = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What the admin API shows of an IdP certificate: enough to match it against the IdP's. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

/**
 * Reads a certificate as an admin pastes it (PEM, or the bare base64 that metadata carries) and
 * returns it as canonical PEM. Anything X.509 cannot parse is refused here, at the door, rather
 * than at the first sign-in.
 */
export function normalizeCertificate(input: string, field: string): string {
  if (input.length > MAX_CERTIFICATE_CHARS) throw new ValidationError(`${field}: too long`);
  const body = (PEM_BODY.exec(input)?.[1] ?? input).replace(/\s+/g, '');
  if (!BASE64.test(body)) throw new ValidationError(`${field}: not a PEM or base64 certificate`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw new ValidationError(`${field}: not a readable X.509 certificate`);
  }
  // OpenSSL prints some valid ASN.1 times (year 0001, say) as "Bad time value"; such a certificate
  // would break every view of the connection and the expiry warnings (RFC 5280 §4.1.2.5).
  if ([cert.validFrom, cert.validTo].some((date) => Number.isNaN(Date.parse(date)))) {
    throw new ValidationError(`${field}: its validity dates cannot be read`);
  }
  return cert.toString().trim();
}

/** Normalizes a list, drops duplicates (same DER) and enforces the size limits. */
export function normalizeCertificates(inputs: readonly string[], field: string): string[] {
  if (inputs.length === 0) throw new ValidationError(`${field}: give at least one certificate`);
  if (inputs.length > MAX_IDP_CERTIFICATES) {
    throw new ValidationError(`${field}: at most ${MAX_IDP_CERTIFICATES} certificates`);
  }
  const pems = inputs.map((pem, i) => normalizeCertificate(pem, `${field}.${i}`));
  return [...new Set(pems)];
}

export function describeCertificate(pem: string): CertificateSummary {
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprintSha256: cert.fingerprint256,
  };
}
