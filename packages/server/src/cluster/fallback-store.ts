import { MemoryStore } from 'express-rate-limit';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';

/**
 * An express-rate-limit store that counts in a shared store (Redis) while it answers, and in this
 * process's memory while it does not: a Redis outage turns cluster-wide limits into per-instance limits
 * instead of failing requests. Counts made in memory during an outage are not copied back to Redis.
 *
 * `makeShared` is called again after each outage, so a shared store whose `init` failed (its scripts could
 * not be loaded) is rebuilt once the link is back; `isUp` says whether to try the shared store at all.
 *
 * @example
 * const store = new FallbackStore(() => new RedisStore({ sendCommand }), () => link.isUp(), report);
 * rateLimit({ store, limit: 1000, windowMs: 60_000 });
 */
export class FallbackStore implements Store {
  readonly localKeys = false;
  private readonly memory = new MemoryStore();
  private shared: Store | undefined;
  private sharedReady: Promise<boolean> | undefined;
  private options: Options | undefined;

  constructor(
    private readonly makeShared: () => Store,
    private readonly isUp: () => boolean,
    private readonly report: (error: unknown, operation: string) => void,
    readonly prefix?: string,
  ) {}

  init(options: Options): void {
    this.options = options;
    this.memory.init(options);
  }

  /** The shared store, built and initialised on first use and again after a failure; `undefined` while down. */
  private async current(): Promise<Store | undefined> {
    if (!this.isUp()) return undefined;
    if (!this.shared) {
      const store = this.makeShared();
      this.shared = store;
      this.sharedReady = Promise.resolve(this.options && store.init?.(this.options)).then(
        () => true,
        (error: unknown) => {
          this.report(error, 'rate-limit store init');
          this.shared = undefined;
          return false;
        },
      );
    }
    const store = this.shared;
    return (await this.sharedReady) ? store : undefined;
  }

  private async either<T>(operation: string, shared: (store: Store) => Promise<T> | T, local: () => Promise<T> | T): Promise<T> {
    const store = await this.current();
    if (store) {
      try {
        return await shared(store);
      } catch (error) {
        this.report(error, operation);
      }
    }
    return local();
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.either('rate-limit increment', (store) => store.increment(key), () => this.memory.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.either('rate-limit decrement', (store) => store.decrement(key), () => this.memory.decrement(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.memory.resetKey(key);
    return this.either('rate-limit reset', (store) => store.resetKey(key), () => undefined);
  }

  async get(key: string): Promise<Awaited<ReturnType<NonNullable<Store['get']>>>> {
    return this.either('rate-limit get', (store) => store.get?.(key), () => this.memory.get(key));
  }

  shutdown(): void {
    this.memory.shutdown();
  }
}
