/**
 * Test certificates, made with the system `openssl` into a temporary directory once per process:
 * a CA with a leaf for localhost / 127.0.0.1 / ::1, and a self-signed certificate for the same names.
 * EC P-256 keys, so generation takes milliseconds. For tests only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { normalizeFingerprint } from '../verify';

export interface TestCerts {
  readonly dir: string;
  readonly ca: string;
  /** Leaf signed by `ca`, valid for localhost, 127.0.0.1 and ::1. */
  readonly leaf: { readonly cert: string; readonly key: string; readonly fingerprint256: string };
  /** Self-signed, valid for the same names. */
  readonly selfSigned: { readonly cert: string; readonly key: string; readonly fingerprint256: string };
}

let cached: TestCerts | null = null;

export function testCerts(): TestCerts {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'heron-certs-'));
  const f = (name: string) => path.join(dir, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const names = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';

  run('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '36500', '-subj', '/CN=Heron Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', ...ec, '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('leaf.ext'), `${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('leaf.pem'), '-days', '36500', '-extfile', f('leaf.ext'));
  run('req', '-x509', ...ec, '-keyout', f('self.key'), '-out', f('self.pem'), '-days', '36500', '-subj', '/CN=localhost',
    '-addext', names);

  const read = (name: string) => readFileSync(f(name), 'utf8');
  const fp = (pem: string) => normalizeFingerprint(new X509Certificate(pem).fingerprint256);
  cached = {
    dir,
    ca: read('ca.pem'),
    leaf: { cert: read('leaf.pem'), key: read('leaf.key'), fingerprint256: fp(read('leaf.pem')) },
    selfSigned: { cert: read('self.pem'), key: read('self.key'), fingerprint256: fp(read('self.pem')) },
  };
  return cached;
}
