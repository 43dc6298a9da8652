// What a bench scenario is. Each scenario lives in scenarios/<name>.ts and is listed in
// scenarios/index.ts; it may prepare data first (register users, log in) and then hands the
// runner a function producing the next request for a given client.

export interface BenchRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. /health/ready. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface ScenarioContext {
  /** Gateway origin, e.g. http://127.0.0.1:8080. */
  readonly baseUrl: string;
  /** Number of concurrent clients the run will use (to prepare one user per client, say). */
  readonly connections: number;
  readonly log: (message: string) => void;
}

export interface PreparedScenario {
  /** The next request of client `client` (0 … connections-1); called once per request. */
  readonly next: (client: number) => BenchRequest;
  /** Statuses that count as success; anything else is counted as an error. */
  readonly expectedStatuses: readonly number[];
  /** Sees each answered request's status (a scenario that checks the server's totals after). */
  readonly onResponse?: (request: BenchRequest, status: number) => void;
  /** Undo what prepare did, if anything (and report checks, through the context's log). */
  readonly teardown?: () => Promise<void>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  prepare(context: ScenarioContext): Promise<PreparedScenario>;
  /** A scenario that starts what it measures itself (no running gateway, no HTTP load): runs
   *  instead of prepare + load, prints its own figures and resolves with the exit code. */
  readonly standalone?: (context: { readonly log: (message: string) => void }) => Promise<number>;
}
