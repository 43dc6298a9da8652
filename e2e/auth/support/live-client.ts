import WebSocket from 'ws';

export interface LiveMessage {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A /api/notifications/live client that records messages; resolves once `connected` arrived. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) =>
      this.messages.push(JSON.parse(raw.toString('utf8')) as LiveMessage),
    );
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static connect(
    url: string,
    token: string,
    via: 'query' | 'protocol' = 'query',
  ): Promise<LiveClient> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/api/notifications/live${via === 'query' ? `?token=${encodeURIComponent(token)}` : ''}`;
    const socket = via === 'query' ? new WebSocket(wsUrl) : new WebSocket(wsUrl, ['bearer', token]);
    const client = new LiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused with ${res.statusCode}`)),
      );
      socket.once('error', reject);
      socket.on('message', () => {
        if (client.messages[0]?.type === 'connected') resolve(client);
      });
    });
  }

  /** The HTTP status a refused upgrade answered. */
  static refusal(url: string, token: string | undefined): Promise<number> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/api/notifications/live${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const socket = new WebSocket(wsUrl);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => reject(new Error('upgrade was accepted')));
      socket.once('error', () => undefined);
    });
  }

  close(): void {
    this.socket.close();
  }
}
