import tls, { type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { testCerts } from './testing/certs';
import { normalizeFingerprint, tlsOptions, verifyPeer, type PeerInfo, type TlsPolicy } from './verify';

const certs = testCerts();
const servers: tls.Server[] = [];

async function serve(cert: string, key: string): Promise<number> {
  const server = tls.createServer({ cert, key, minVersion: 'TLSv1.2' }, (s) => s.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Connects with Heron's policy and returns verifyPeer's verdict (or its error). */
function check(port: number, host: string, policy: TlsPolicy): Promise<PeerInfo | HeronError> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...tlsOptions(host, policy), host: '127.0.0.1', port });
    socket.once('secureConnect', () => {
      try {
        resolve(verifyPeer(socket as TLSSocket, host, policy));
      } catch (error) {
        resolve(error as HeronError);
      } finally {
        socket.destroy();
      }
    });
    socket.once('error', reject);
  });
}

let caPort = 0;
let selfPort = 0;
beforeAll(async () => {
  caPort = await serve(certs.leaf.cert, certs.leaf.key);
  selfPort = await serve(certs.selfSigned.cert, certs.selfSigned.key);
});
afterAll(() => {
  for (const s of servers) s.close();
});

describe('verifyPeer', () => {
  it('accepts a leaf from a trusted CA for the right host name', async () => {
    const r = await check(caPort, 'localhost', { ca: certs.ca });
    expect(r).toMatchObject({ authorized: true, pinned: false, fingerprint256: certs.leaf.fingerprint256, subject: 'localhost', issuer: 'Heron Test CA' });
    expect((r as PeerInfo).protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('accepts an IP address that is in the subjectAltName', async () => {
    expect(await check(caPort, '127.0.0.1', { ca: certs.ca })).toMatchObject({ authorized: true });
  });

  it('refuses the right CA with the wrong host name (ECERT)', async () => {
    const r = await check(caPort, 'mail.example.org', { ca: certs.ca });
    expect(r).toBeInstanceOf(HeronError);
    expect(r).toMatchObject({ code: 'ECERT', detail: { reason: 'ERR_TLS_CERT_ALTNAME_INVALID', fingerprint256: certs.leaf.fingerprint256 } });
    expect((r as HeronError).message).toBe('The certificate of mail.example.org could not be verified (it is issued for a different host name).');
  });

  it('refuses a leaf whose CA is not trusted', async () => {
    const r = await check(caPort, 'localhost', {});
    expect(r).toMatchObject({ code: 'ECERT', message: expect.stringContaining('unknown authority') });
  });

  it('refuses a self-signed certificate and offers its fingerprint for pinning', async () => {
    const r = await check(selfPort, 'localhost', {});
    expect(r).toMatchObject({ code: 'ECERT', detail: { reason: 'DEPTH_ZERO_SELF_SIGNED_CERT', fingerprint256: certs.selfSigned.fingerprint256 } });
    expect((r as HeronError).message).toContain('it is self-signed');
  });

  it('accepts a self-signed certificate whose fingerprint was pinned (any spelling)', async () => {
    const pin = certs.selfSigned.fingerprint256.replace(/:/g, '').toLowerCase();
    expect(await check(selfPort, 'localhost', { pinnedCert: pin })).toMatchObject({ authorized: false, pinned: true, fingerprint256: certs.selfSigned.fingerprint256 });
  });

  it('refuses a self-signed certificate with a different pin', async () => {
    const r = await check(selfPort, 'localhost', { pinnedCert: certs.leaf.fingerprint256 });
    expect(r).toMatchObject({ code: 'ECERT', detail: { fingerprint256: certs.selfSigned.fingerprint256 } });
  });

  it('a pin does not stand in for a wrong host name on a different certificate', async () => {
    const r = await check(caPort, 'mail.example.org', { ca: certs.ca, pinnedCert: certs.selfSigned.fingerprint256 });
    expect(r).toMatchObject({ code: 'ECERT' });
  });

  it('asks for TLS 1.2 at least and sends no SNI for an IP address', () => {
    const o = tlsOptions('127.0.0.1', {});
    expect(o.minVersion).toBe('TLSv1.2');
    expect(o.servername).toBeUndefined();
    expect(tlsOptions('mail.example.org', {}).servername).toBe('mail.example.org');
    expect(normalizeFingerprint('ab cd:EF')).toBe('AB:CD:EF');
  });
});
