/**
 * A certificate that failed verification, waiting for the person's decision, and which servers
 * the decision covers. Incoming and outgoing mail often run on one host with one certificate:
 * when both tests fail with the same certificate the person is asked once, and trusting it pins
 * it for every server of the account on that host (a pin accepts only that exact certificate, so a
 * server on the host that presents another one is still refused).
 */
import type { ConnectionReport } from '../../../../shared/ipc/calls/connection';
import { certificateFromDetail, type CertificateInfo } from '../../../../shared/model/certificate';
import type { Side } from './server-draft';

export interface CertificateServer {
  readonly side: Side;
  readonly host: string;
  readonly port: number;
}

export interface CertificateQuestion extends CertificateInfo {
  /** The servers that presented this certificate (one, or both on the same host). */
  readonly servers: readonly CertificateServer[];
  readonly reason: string;
}

/** The question a failed test raises, or null when it is not about a certificate Heron could pin. */
export function questionFrom(side: Side, report: ConnectionReport): CertificateQuestion | null {
  const certificate = report.error?.code === 'ECERT' ? certificateFromDetail(report.error.detail) : null;
  if (!certificate || !report.error) return null;
  return { servers: [{ side, host: report.host, port: report.port }], ...certificate, reason: report.error.message };
}

const sameHost = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Adds a question: the same certificate from the same host joins the question already asked. */
export function addQuestion(list: readonly CertificateQuestion[], next: CertificateQuestion): CertificateQuestion[] {
  const rest = list.map((q) => ({ ...q, servers: q.servers.filter((s) => !next.servers.some((n) => n.side === s.side)) })).filter((q) => q.servers.length > 0);
  const i = rest.findIndex((q) => q.fingerprint256 === next.fingerprint256 && q.servers.every((s) => next.servers.every((n) => sameHost(s.host, n.host))));
  if (i < 0) return [...rest, next];
  const joined = rest[i] as CertificateQuestion;
  return rest.map((q, j) => (j === i ? { ...joined, servers: [...joined.servers, ...next.servers].sort((a, b) => a.side.localeCompare(b.side)) } : q));
}

/** Drops what a side's question no longer applies to (its settings changed, or it is being tested again). */
export function withoutSide(list: readonly CertificateQuestion[], side: Side): CertificateQuestion[] {
  return list.map((q) => ({ ...q, servers: q.servers.filter((s) => s.side !== side) })).filter((q) => q.servers.length > 0);
}

/**
 * The sides trusting pins: those that presented the certificate, and any other on the same host
 * that has no certificate of its own trusted yet.
 */
export function sidesToPin(q: CertificateQuestion, drafts: Readonly<Record<Side, { readonly host: string; readonly pinnedCert: string | null }>>): Side[] {
  const host = q.servers[0]?.host ?? '';
  return (['incoming', 'outgoing'] as const).filter(
    (side) => q.servers.some((s) => s.side === side) || (sameHost(drafts[side].host, host) && drafts[side].pinnedCert === null),
  );
}

/** The server of the account, besides those that asked, that trusting the certificate covers too. */
export function alsoCovered(
  q: CertificateQuestion,
  drafts: Readonly<Record<Side, { readonly host: string; readonly port: string; readonly pinnedCert: string | null }>>,
): CertificateServer | null {
  const side = sidesToPin(q, drafts).find((s) => !q.servers.some((server) => server.side === s));
  return side ? { side, host: drafts[side].host.trim(), port: Number(drafts[side].port) } : null;
}
