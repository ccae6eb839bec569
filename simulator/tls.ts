// A CA generated at start and a server certificate for the loopback names (and the proxied hosts), signed by it. The
// action trusts the CA through NODE_EXTRA_CA_CERTS; in-process tests through tls.setDefaultCACertificates.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { PROXIED_HOSTS } from './host-proxy.js';

export interface TlsMaterial {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

function keyPair() {
  // Node's native key generation: fast (forge's pure-JS generation takes seconds).
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function serial(): string {
  const b = randomBytes(16);
  // Positive and without a leading zero byte: DER wants the shortest encoding, and a serial that
  // starts with 0x00 made about 1 certificate in 128 fail verification.
  b[0] = (b[0] & 0x7f) | 0x40;
  return b.toString('hex');
}

export function makeTlsMaterial(): TlsMaterial {
  const ca = keyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(Date.now() - 60_000);
  caCert.validity.notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  // A unique name per CA: several simulators in one process (tests) must not be confused by
  // OpenSSL's lookup of the issuer by name.
  const caName = [{ name: 'commonName', value: `exo-automation simulator CA ${serial().slice(0, 12)}` }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const leaf = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = leaf.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = caCert.validity.notBefore;
  cert.validity.notAfter = caCert.validity.notAfter;
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
        // Hosts that clients call on their own, whatever cloud they are pointed at (host-proxy.ts).
        ...PROXIED_HOSTS.map((value) => ({ type: 2, value })),
      ],
    },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  return {
    caCertPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(leaf.privateKey),
  };
}
