import type { Server } from 'node:http';
import type { Logger } from './logger.js';

/** A server's graceful shutdown: stop accepting, wait for in-flight requests, then close the rest. */
export interface Shutdown {
  close(): Promise<void>;
  closed: Promise<void>;
  isClosing(): boolean;
}

/** Closes `server` gracefully: idle connections at once, the rest after `timeoutMs`, then `closeDatabase`. */
export function gracefulShutdown(server: Server, logger: Logger, timeoutMs: number, closeDatabase: () => Promise<void>): Shutdown {
  let closing: Promise<void> | undefined;
  // A keep-alive connection that finishes its last request during shutdown would otherwise sit idle until
  // the keep-alive timeout and hold server.close() open.
  server.on('request', (_req, res) => {
    res.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: no new connections, waiting for in-flight requests');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn({ timeoutMs }, 'requests still running after the shutdown timeout: closing their connections');
        server.closeAllConnections();
      }, timeoutMs);
      try {
        await stopped;
      } finally {
        clearTimeout(timer);
      }
      await closeDatabase();
      logger.info('shut down');
    })());
  let settle: { resolve: () => void; reject: (error: unknown) => void };
  const closed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const closeAndSettle = () => {
    const done = close();
    done.then(settle.resolve, settle.reject);
    return done;
  };
  return { close: closeAndSettle, closed, isClosing: () => closing !== undefined };
}

/** SIGINT and SIGTERM shut down gracefully; a second one during shutdown ends the process at once. */
export function handleSignals(shutdown: Shutdown, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdown.isClosing()) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      // process.exit() would wait for libuv's worker threads (a SQLite statement waiting for a lock);
      // the signal's default action ends the process at once.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    logger.info({ signal }, 'received signal');
    shutdown.close().catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const remove = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  shutdown.closed.then(remove, remove);
}
