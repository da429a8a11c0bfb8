// A TCP proxy a fault test controls, put between a server and PostgreSQL or Redis:
// - pass: forwards both ways;
// - refuse: closes every open connection and every new one at once (a service that is down);
// - freeze: accepts connections and keeps existing ones open, but forwards nothing either way (a service
//   that hangs: a stuck host, a full network buffer, a paused VM).
// Data held back while frozen is dropped with the connection when the mode changes to refuse, and sent on
// when it changes back to pass.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'freeze';

export interface TcpProxy {
  /** `host:port` to connect to instead of the target. */
  readonly address: string;
  readonly port: number;
  mode: ProxyMode;
  /** Connections open through the proxy right now (client sides). */
  readonly openConnections: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
}

/** Starts a proxy on 127.0.0.1 (a free port) in front of `target` (`host:port`), in mode `pass`. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';

  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };
  const connectUpstream = (pair: Pair) => {
    const upstream = createConnection({ host, port });
    pair.upstream = upstream;
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  };
  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: undefined };
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    if (mode === 'refuse') return void client.destroy();
    pairs.add(pair);
    if (mode === 'freeze') client.pause();
    else connectUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listenPort = (server.address() as { port: number }).port;

  const setMode = (next: ProxyMode) => {
    mode = next;
    for (const pair of [...pairs]) {
      if (next === 'refuse') drop(pair);
      else if (next === 'freeze') {
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      } else if (!pair.upstream) {
        pair.client.resume();
        connectUpstream(pair);
      } else {
        pair.client.pipe(pair.upstream);
        pair.upstream.pipe(pair.client);
        pair.client.resume();
        pair.upstream.resume();
      }
    }
  };

  return {
    address: `127.0.0.1:${listenPort}`,
    port: listenPort,
    get mode() {
      return mode;
    },
    set mode(next: ProxyMode) {
      setMode(next);
    },
    get openConnections() {
      return pairs.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) drop(pair);
        server.close(() => resolve());
      }),
  };
}
