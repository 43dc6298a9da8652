import { Agent } from 'node:https';
import { connect, type Socket } from 'node:net';

import { deleteApp, initializeApp, cert, type App, type Credential } from 'firebase-admin/app';
import { getMessaging, type Messaging, type TokenMessage } from 'firebase-admin/messaging';

/** One push to one token. */
export interface PushMessage {
  readonly token: string;
  readonly title: string;
  readonly body: string;
  readonly data: Record<string, string>;
  /** Data-only: no notification block (the app decides what to show). */
  readonly silent: boolean;
}

export type PushOutcome = 'sent' | 'token_gone' | 'failed';

export interface PushSender {
  /** At most 500 messages; one outcome per message, in order. */
  sendBatch(messages: readonly PushMessage[]): Promise<PushOutcome[]>;
  close(): Promise<void>;
}

export const FCM_BATCH_MAX = 500;

export interface FcmSenderOptions {
  readonly projectId: string;
  /** Service account JSON (live FCM). */
  readonly serviceAccountJson?: string;
  /** host:port of a server speaking FCM's wire format (tests, sandbox): every FCM request goes
   *  there over plain HTTP/1.1 instead of HTTP/2 + TLS to fcm.googleapis.com. */
  readonly emulatorAddress?: string;
}

/** Routes firebase-admin's HTTPS connections to a local FCM stand-in (plain TCP). */
class LocalFcmAgent extends Agent {
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super({ keepAlive: true });
  }

  // noDelay: a request's head and body leave as separate writes; with Nagle's algorithm on,
  // each would wait for the delayed ACK (~40 ms per request on loopback).
  override createConnection(): Socket {
    return connect({ port: this.port, host: this.host, noDelay: true });
  }
}

/** A token FCM will never deliver to again: delete it at once. */
function tokenGone(code: string | undefined, message: string | undefined): boolean {
  if (code === 'messaging/registration-token-not-registered') return true;
  // invalid-argument also covers payload errors: only a bad token counts.
  return code === 'messaging/invalid-argument' && /registration token/i.test(message ?? '');
}

/** Push through firebase-admin (the library does the FCM HTTP v1 calls). */
export class FcmSender implements PushSender {
  private readonly app: App;
  private readonly messaging: Messaging;

  constructor(options: FcmSenderOptions) {
    let credential: Credential;
    let httpAgent: Agent | undefined;
    if (options.emulatorAddress) {
      const [host, port] = options.emulatorAddress.split(':');
      httpAgent = new LocalFcmAgent(host || '127.0.0.1', Number(port));
      // A local stand-in needs no Google token; FCM's wire format still carries a bearer.
      credential = {
        getAccessToken: async () => ({ access_token: 'local-fcm', expires_in: 3600 }),
      };
    } else {
      if (!options.serviceAccountJson)
        throw new Error('FCM_SERVICE_ACCOUNT_JSON is required when FCM_MODE=live');
      credential = cert(JSON.parse(options.serviceAccountJson) as object);
    }
    this.app = initializeApp(
      { projectId: options.projectId, credential, httpAgent },
      `notify-${Math.random().toString(36).slice(2)}`,
    );
    this.messaging = getMessaging(this.app);
    // HTTP/2 (the default) ignores httpAgent; the local stand-in is reached over HTTP/1.1.
    if (httpAgent) this.messaging.enableLegacyHttpTransport();
  }

  async sendBatch(messages: readonly PushMessage[]): Promise<PushOutcome[]> {
    if (messages.length === 0) return [];
    if (messages.length > FCM_BATCH_MAX) throw new Error(`at most ${FCM_BATCH_MAX} per batch`);
    const batch: TokenMessage[] = messages.map((m) => ({
      token: m.token,
      data: m.data,
      ...(m.silent ? {} : { notification: { title: m.title, body: m.body } }),
      android: { priority: m.silent ? 'normal' : 'high' },
    }));
    const result = await this.messaging.sendEach(batch);
    return result.responses.map((r) =>
      r.success ? 'sent' : tokenGone(r.error?.code, r.error?.message) ? 'token_gone' : 'failed',
    );
  }

  async close(): Promise<void> {
    await deleteApp(this.app);
  }
}
