/**
 * A minimal POP3 responder for probe tests: greeting, CAPA, STLS (RFC 2595), QUIT; or, with
 * `hang`, a server that accepts and never says a word. Implicit TLS when `tls` is given.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';

export interface FakePop3Options {
  readonly capa: readonly string[];
  /** Serve TLS from the first byte (port-995 style). */
  readonly implicitTls?: { cert: string; key: string };
  /** Offer STLS with this certificate. */
  readonly stls?: { cert: string; key: string };
  readonly hang?: boolean;
}

export interface FakeServer {
  readonly port: number;
  readonly commands: string[];
  close(): Promise<void>;
}

export async function startFakePop3(options: FakePop3Options): Promise<FakeServer> {
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const serve = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.hang) return;
    let upgraded = false;
    let buffer = '';
    const capa = () => [...options.capa, ...(options.stls && !upgraded ? ['STLS'] : [])];
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        commands.push(line);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'CAPA') socket.write(`+OK\r\n${capa().map((c) => `${c}\r\n`).join('')}.\r\n`);
        else if (verb === 'QUIT') socket.end('+OK bye\r\n');
        else if (verb === 'STLS' && options.stls && !upgraded) {
          socket.write('+OK begin TLS\r\n');
          socket.off('data', onData);
          upgraded = true;
          const secure = new tls.TLSSocket(socket, { isServer: true, cert: options.stls.cert, key: options.stls.key });
          secure.on('error', () => undefined);
          secure.on('data', onData);
          socket = secure;
          return;
        } else socket.write('-ERR unknown command\r\n');
      }
    };
    socket.on('data', onData);
    socket.write('+OK fake POP3 ready\r\n');
  };
  const server = options.implicitTls
    ? tls.createServer({ cert: options.implicitTls.cert, key: options.implicitTls.key }, serve)
    : net.createServer(serve);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
