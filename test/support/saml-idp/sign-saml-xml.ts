import { SignedXml } from 'xml-crypto';

const ALGORITHMS = {
  sha256: {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  sha1: {
    signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
  },
} as const;

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const ASSERTION_XPATH = "//*[local-name(.)='Assertion']";
export const RESPONSE_XPATH = "/*[local-name(.)='Response']";

export interface SigningOptions {
  privateKeyPem: string;
  certificatePem: string;
  signatureAlgorithm: 'sha256' | 'sha1';
  digestAlgorithm: 'sha256' | 'sha1';
}

/**
 * Puts an enveloped XML signature (exclusive c14n, the X.509 certificate in KeyInfo) on the
 * element `elementXpath` selects, right after its Issuer as SAML Core §5.4.1 places it.
 */
export function signSamlElement(xml: string, elementXpath: string, o: SigningOptions): string {
  const sig = new SignedXml({
    privateKey: o.privateKeyPem,
    publicCert: o.certificatePem,
    signatureAlgorithm: ALGORITHMS[o.signatureAlgorithm].signature,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: elementXpath,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: ALGORITHMS[o.digestAlgorithm].digest,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${elementXpath}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}
