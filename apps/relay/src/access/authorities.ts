/** What the relay needs to know about a buyer's API key (owned by auth-svc). */
export interface ApiKeyGrant {
  readonly keyId: string;
  /** `rotation`: a different device per connection; `traffic`: sticky per session name. */
  readonly type: 'traffic' | 'rotation';
  /** null: no limit. */
  readonly limitBytes: number | null;
  /** Usage auth-svc has recorded so far. */
  readonly usedBytes: number;
  /** The key's owner (the buyer), who may read its usage; 0 when unknown. */
  readonly ownerId?: number;
}

export type KeyRefusal = 'invalid_key' | 'key_inactive' | 'key_expired' | 'limit_reached';

export interface KeyAuthority {
  authorize(apiKey: string): Promise<ApiKeyGrant | KeyRefusal>;
}

/** A device's running session, as telemetry-svc and the filter know it. */
export interface DeviceSession {
  readonly sessionId: string;
  readonly telegramId: number;
  readonly deviceId: string;
  /** Country of the device's IP per the filter's verdict (ISO alpha-2, upper case). */
  readonly country: string;
}

export type DeviceRefusal = 'invalid_token' | 'session_not_found' | 'session_not_running';

export interface DeviceAuthority {
  /** Checks the access token and that the session is the token owner's running session. */
  admit(accessToken: string, sessionId: string): Promise<DeviceSession | DeviceRefusal>;
  /** Whether the session still runs (checked periodically; a stopped session's tunnel closes). */
  stillRunning(session: DeviceSession): Promise<boolean>;
}

/** Where counted bytes go: per API key (auth-svc's `used_mb`) and per device session
 *  (telemetry-svc's server-counted traffic). Each batch carries a unique id so a retried
 *  write is applied once. */
export interface KeyUsage {
  readonly keyId: string;
  readonly bytes: number;
}
export interface SessionUsage {
  readonly sessionId: string;
  readonly telegramId: number;
  readonly deviceId: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
}
export interface UsageBatch {
  readonly batchId: string;
  readonly keys: readonly KeyUsage[];
  readonly sessions: readonly SessionUsage[];
}
export interface UsageSink {
  record(batch: UsageBatch): Promise<void>;
}

interface Cached {
  readonly value: ApiKeyGrant | KeyRefusal;
  readonly until: number;
}

/** Caches key verdicts for a few seconds (revocation takes effect within `ttlMs`). */
export class CachedKeyAuthority implements KeyAuthority {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly inner: KeyAuthority,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(apiKey: string): Promise<ApiKeyGrant | KeyRefusal> {
    const hit = this.cache.get(apiKey);
    if (hit && hit.until > this.now()) return hit.value;
    const value = await this.inner.authorize(apiKey);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(apiKey, { value, until: this.now() + this.ttlMs });
    return value;
  }
}
