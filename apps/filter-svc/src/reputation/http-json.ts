import { Agent, request } from 'undici';

import { ProviderError } from './reputation.types';

// One keep-alive pool for every provider: START latency should not pay TLS handshakes.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

/** GET a JSON document with a deadline; non-2xx, timeouts and bad JSON become ProviderError. */
export async function getJson(
  provider: string,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<unknown> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError' || /timeout/i.test(String(err))) {
      throw new ProviderError(provider, 'timeout', `no answer within ${timeoutMs} ms`);
    }
    throw new ProviderError(provider, 'network', err instanceof Error ? err.message : String(err));
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (err) {
    throw new ProviderError(provider, 'timeout', err instanceof Error ? err.message : String(err));
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new ProviderError(provider, 'http', `HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError(provider, 'answer', `not JSON: ${text.slice(0, 100)}`);
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export const bool = (v: unknown): boolean => v === true || v === 'true' || v === 1;
export const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
