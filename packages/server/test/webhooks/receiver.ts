/**
 * A webhook receiver for tests: node:http on 127.0.0.1 port 0 that records every delivery and answers from
 * a script (`503, 503, 200`…; 200 once the script runs out).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  body: string;
  signature: string | undefined;
  contentType: string | undefined;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Statuses for the next deliveries, in order. */
  script: number[];
  close(): Promise<void>;
}

/**
 * Starts a receiver.
 *
 * @example
 * const receiver = await startReceiver();
 * receiver.script.push(503);
 */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const script: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['patgate-signature'];
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: Array.isArray(signature) ? signature[0] : signature, contentType: req.headers['content-type'] });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    deliveries,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
