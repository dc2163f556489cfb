/**
 * Test PKI made with the `openssl` binary: a CA, a leaf it signed for localhost/127.0.0.1/::1
 * (what the real servers present), and a second, self-signed leaf for the same names (what a
 * pinning test presents: it fails verification, and only its fingerprint can make it acceptable).
 *
 * EC P-256 keys: generating them takes milliseconds, so every server instance gets fresh ones.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertFiles {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the DER certificate, "AB:CD:…" (what Pop3ConnectOptions.pinnedCert expects). */
  readonly fingerprint256: string;
}

export interface TestPki {
  readonly dir: string;
  /** The CA that signed `leaf`; trust it with `ca: pki.caPem`. */
  readonly caPath: string;
  readonly caPem: string;
  /** Signed by the CA, valid for DNS:localhost, IP:127.0.0.1 and IP:::1. */
  readonly leaf: CertFiles;
  /** Self-signed, same names: verification fails, the pin can accept it. */
  readonly selfSigned: CertFiles;
}

const SUBJECT_ALT_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 20_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

async function load(dir: string, name: string): Promise<CertFiles> {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPath, keyPath, certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

/** Writes the CA, the leaf and the self-signed leaf into `dir` (created if missing). */
export async function makeTestPki(dir: string): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/O=Heron Test/CN=Heron Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  await openssl(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/O=Heron Test/CN=localhost'], dir);
  await writeFile(
    path.join(dir, 'leaf.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n${SUBJECT_ALT_NAMES}\n`,
  );
  await openssl(
    ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-out', 'leaf.crt',
      '-extfile', 'leaf.ext'],
    dir,
  );
  await openssl(
    ['req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.crt', '-days', '30', '-subj', '/O=Heron Test/CN=localhost',
      '-addext', SUBJECT_ALT_NAMES],
    dir,
  );
  const caPath = path.join(dir, 'ca.crt');
  const [caPem, leaf, selfSigned] = await Promise.all([readFile(caPath, 'utf8'), load(dir, 'leaf'), load(dir, 'self')]);
  return { dir, caPath, caPem, leaf, selfSigned };
}
