import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FcmMessageRecord {
  readonly projectId: string;
  readonly token: string;
  readonly notification?: { title?: string; body?: string };
  readonly data?: Record<string, string>;
  readonly android?: unknown;
  readonly apns?: unknown;
}

const fcmError = (code: number, status: string, message: string, errorCode: string) => ({
  error: {
    code,
    message,
    status,
    details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }],
  },
});

/**
 * A server speaking FCM HTTP v1's wire format on 127.0.0.1: `POST
 * /v1/projects/{id}/messages:send` with a bearer token, `{"message": {token, notification?,
 * data?}}` → 200 `{"name": "projects/{id}/messages/{n}"}`, and FCM's own error bodies for
 * unregistered (404 UNREGISTERED) and malformed (400 INVALID_ARGUMENT) tokens. Tests and the
 * sandbox mode of `npm start` send through firebase-admin to it.
 */
export class FakeFcmServer {
  readonly messages: FcmMessageRecord[] = [];
  /** Tokens answered as unregistered (the app was uninstalled). */
  readonly unregistered = new Set<string>();
  /** Messages accepted (200), and requests answered at all. */
  accepted = 0;
  requests = 0;
  private server: Server | undefined;
  private counter = 0;

  /** keepMessages: false keeps counts only (a benchmark's 100,000 messages). */
  constructor(
    private readonly onMessage?: (message: FcmMessageRecord) => void,
    private readonly options: { keepMessages?: boolean } = {},
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    this.requests += 1;
    const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match)
      return { status: 404, body: fcmError(404, 'NOT_FOUND', 'Not found', 'UNSPECIFIED_ERROR') };
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? ''))
      return {
        status: 401,
        body: fcmError(
          401,
          'UNAUTHENTICATED',
          'Request is missing required authentication credential.',
          'THIRD_PARTY_AUTH_ERROR',
        ),
      };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let message: FcmMessageRecord | undefined;
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        message?: Omit<FcmMessageRecord, 'projectId'>;
      };
      if (parsed.message && typeof parsed.message.token === 'string')
        message = { ...parsed.message, projectId: match[1] };
    } catch {
      message = undefined;
    }
    if (!message)
      return {
        status: 400,
        body: fcmError(
          400,
          'INVALID_ARGUMENT',
          'Invalid JSON payload received.',
          'INVALID_ARGUMENT',
        ),
      };
    if (message.token.length < 20 || /\s/.test(message.token))
      return {
        status: 400,
        body: fcmError(
          400,
          'INVALID_ARGUMENT',
          'The registration token is not a valid FCM registration token',
          'INVALID_ARGUMENT',
        ),
      };
    if (this.unregistered.has(message.token))
      return {
        status: 404,
        body: fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'),
      };
    if (this.options.keepMessages !== false) this.messages.push(message);
    this.accepted += 1;
    this.onMessage?.(message);
    this.counter += 1;
    return {
      status: 200,
      body: { name: `projects/${message.projectId}/messages/${this.counter}` },
    };
  }
}
