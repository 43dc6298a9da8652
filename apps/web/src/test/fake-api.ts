// A fake gateway for component tests: answers by `METHOD /path` with JSON, records calls.
import { vi } from 'vitest';

export type Handler = (request: Request) => unknown;

export interface FakeApi {
  readonly calls: Array<{
    method: string;
    path: string;
    body: unknown;
    auth: string | null;
    headers: Record<string, string>;
  }>;
  /** A handler, or the JSON to answer. */
  on(route: string, handler: unknown): void;
}

export function fakeApi(): FakeApi {
  const routes = new Map<string, Handler>();
  const calls: FakeApi['calls'] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      const key = `${input.method} ${url.pathname}`;
      const text = await input.clone().text();
      calls.push({
        method: input.method,
        path: url.pathname + url.search,
        body: text ? (JSON.parse(text) as unknown) : undefined,
        auth: input.headers.get('authorization'),
        headers: Object.fromEntries(input.headers.entries()),
      });
      const handler = routes.get(key);
      if (!handler) {
        return new Response(JSON.stringify({ status: 'error', code: 'not_found', message: key }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        });
      }
      const answer = await handler(input);
      if (answer instanceof Response) return answer;
      return new Response(JSON.stringify(answer), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return {
    calls,
    on(route, handler) {
      routes.set(route, typeof handler === 'function' ? (handler as Handler) : () => handler);
    },
  };
}

export function errorResponse(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
): Response {
  return new Response(JSON.stringify({ status: 'error', code, message: code, ...extra }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A WebSocket stand-in the tests drive (jsdom's would try to connect). */
export class FakeSocket {
  static last: FakeSocket | undefined;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.last = this;
    setTimeout(() => this.onopen?.(), 0);
  }
  send(): void {}
  close(): void {
    this.closed = true;
  }
  emit(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}
