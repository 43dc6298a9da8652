import { request } from 'undici';

export type Reachability =
  { readonly ok: true; readonly status: number } | { readonly ok: false; readonly reason: string };

/** Asks the gateway's liveness route; anything that answers HTTP counts as reachable. */
export async function checkReachable(baseUrl: string): Promise<Reachability> {
  try {
    const response = await request(`${baseUrl}/health`, {
      headersTimeout: 3_000,
      bodyTimeout: 3_000,
    });
    await response.body.dump();
    return { ok: true, status: response.statusCode };
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    return {
      ok: false,
      reason: [code, err instanceof Error ? err.message : String(err)].filter(Boolean).join(': '),
    };
  }
}
