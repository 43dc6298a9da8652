// The user's live channel: WebSocket /api/notifications/live, authenticated with the access
// token in `Sec-WebSocket-Protocol: bearer, <jwt>` (kept out of URLs and logs). Messages are
// `{"type", "at", "data"}` (traffic_update, balance_update, session_status, price_update, …).
// Reconnects with a growing delay; 4401 (session ended) stops it.

export interface LiveMessage {
  readonly type: string;
  readonly at?: string;
  readonly data: unknown;
}

/** A number field of a live message's data (the socket's shapes live in libs/realtime; the
 *  gateway checks them before forwarding, the OpenAPI document does not carry them). */
export function liveNumber(data: unknown, field: string): number | undefined {
  const v =
    data !== null && typeof data === 'object'
      ? (data as Record<string, unknown>)[field]
      : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A string field of a live message's data. */
export function liveString(data: unknown, field: string): string | undefined {
  const v =
    data !== null && typeof data === 'object'
      ? (data as Record<string, unknown>)[field]
      : undefined;
  return typeof v === 'string' ? v : undefined;
}

export interface LiveOptions {
  readonly token: () => string | undefined;
  readonly onMessage: (message: LiveMessage) => void;
  readonly onState?: (connected: boolean) => void;
  readonly url?: string;
  readonly socketFactory?: (url: string, protocols: string[]) => WebSocket;
}

export function liveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/notifications/live`;
}

export function parseLive(raw: unknown): LiveMessage | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const value = JSON.parse(raw) as { type?: unknown; at?: unknown; data?: unknown };
    if (typeof value.type !== 'string') return undefined;
    return {
      type: value.type,
      at: typeof value.at === 'string' ? value.at : undefined,
      data: value.data,
    };
  } catch {
    return undefined;
  }
}

/** Opens the live channel; returns a function that closes it for good. */
export function connectLive(options: LiveOptions): () => void {
  let socket: WebSocket | undefined;
  let stopped = false;
  let delay = 1_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const factory = options.socketFactory ?? ((url, protocols) => new WebSocket(url, protocols));

  const open = () => {
    const token = options.token();
    if (stopped || !token) return;
    socket = factory(options.url ?? liveUrl(window.location), ['bearer', token]);
    socket.onopen = () => {
      delay = 1_000;
      options.onState?.(true);
    };
    socket.onmessage = (event: MessageEvent) => {
      const message = parseLive(event.data);
      if (message) options.onMessage(message);
    };
    socket.onclose = (event: CloseEvent) => {
      options.onState?.(false);
      if (stopped || event.code === 4401) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close(1000, 'bye');
  };
}
