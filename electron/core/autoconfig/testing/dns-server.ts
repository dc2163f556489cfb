/**
 * A minimal UDP DNS responder for tests (RFC 1035 §4): parses the one question, answers SRV, MX,
 * A and AAAA records from a table, NXDOMAIN otherwise. Names listed in `hang` get no answer at
 * all, to exercise resolver timeouts. Loopback only.
 */
import dgram from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';

export type DnsRecord =
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'MX'; priority: number; exchange: string }
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string };

const TYPES = { A: 1, MX: 15, AAAA: 28, SRV: 33 } as const;

export interface TestDnsServer {
  readonly address: string;
  readonly queries: string[];
  close(): Promise<void>;
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

function rdata(record: DnsRecord): Buffer {
  switch (record.type) {
    case 'SRV': {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(record.priority, 0);
      head.writeUInt16BE(record.weight, 2);
      head.writeUInt16BE(record.port, 4);
      return Buffer.concat([head, encodeName(record.target)]);
    }
    case 'MX': {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(record.priority, 0);
      return Buffer.concat([head, encodeName(record.exchange)]);
    }
    case 'A':
      if (!isIPv4(record.address)) throw new Error(`bad A ${record.address}`);
      return Buffer.from(record.address.split('.').map(Number));
    case 'AAAA': {
      if (!isIPv6(record.address)) throw new Error(`bad AAAA ${record.address}`);
      const [head = '', tail = ''] = record.address.split('::');
      const h = head ? head.split(':') : [];
      const t = tail ? tail.split(':') : [];
      const groups = record.address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
      const out = Buffer.alloc(16);
      groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
      return out;
    }
  }
}

export async function startDnsServer(
  table: Record<string, DnsRecord[]>,
  options: { hang?: string[] } = {},
): Promise<TestDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    let pos = 12;
    const labels: string[] = [];
    while (pos < msg.length) {
      const len = msg[pos] ?? 0;
      if (len === 0 || len > 63) break;
      labels.push(msg.subarray(pos + 1, pos + 1 + len).toString('ascii'));
      pos += 1 + len;
    }
    pos += 1;
    const qtype = msg.readUInt16BE(pos);
    const name = labels.join('.').toLowerCase();
    const typeName = (Object.keys(TYPES) as Array<keyof typeof TYPES>).find((k) => TYPES[k] === qtype) ?? String(qtype);
    queries.push(`${typeName} ${name}`);
    if (options.hang?.includes(name)) return;
    const question = msg.subarray(12, pos + 4);
    const answers = (table[name] ?? []).filter((r) => TYPES[r.type] === qtype);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    // QR, opcode 0, AA, RD copied, RA; RCODE 3 (NXDOMAIN) when the name is unknown.
    header.writeUInt16BE(0x8480 | (msg.readUInt16BE(2) & 0x0100) | (table[name] ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const rrs = answers.map((r) => {
      const data = rdata(r);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      fixed.writeUInt16BE(TYPES[r.type], 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(data.length, 10);
      return Buffer.concat([fixed, data]);
    });
    socket.send(Buffer.concat([header, question, ...rrs]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
