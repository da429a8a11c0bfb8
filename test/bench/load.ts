// The load generator: autocannon's programmatic API, in the runner's process (which runs on its own core).
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  token?: string | undefined;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unthrottled when absent. */
  rate?: number;
}

export interface Sample {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers whose status was not the expected one, plus errors and timeouts. */
  unexpected: number;
  statuses: Record<string, number>;
  /**
   * CPU time the server process spent per answered request, in microseconds (from /proc; undefined
   * elsewhere). Unlike req/s it hardly moves when other processes load the machine.
   */
  cpuUsPerRequest?: number | undefined;
}

/** Runs one load and summarizes it; `status` is what every answer must be. */
export async function load(options: LoadOptions, status: number): Promise<Sample> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.rate !== undefined && { overallRate: options.rate }),
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count ?? 0;
  const expected = statuses[String(status)] ?? 0;
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    unexpected: answered - expected + result.errors + result.timeouts,
    statuses,
  };
}
