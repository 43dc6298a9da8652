import { randomBytes, randomUUID } from 'node:crypto';

import { auth, authInternal } from '@trafficshare/contracts';

import {
  failure,
  newUser,
  startAuthHarness,
  type AuthHarness,
  type LoggedIn,
} from '../test/auth-harness';

const Verdict = authInternal.ApiKeyVerdict;
const MB = 1_048_576;

// The relay's side of buyer keys, over AuthInternalService against the real Postgres.
describe('API key authorisation and usage for the relay', () => {
  let h: AuthHarness;
  const superadminId = newUser();
  let admin: LoggedIn;
  let buyer: LoggedIn;

  beforeAll(async () => {
    h = await startAuthHarness('auth_key_usage', { adminIds: [superadminId] });
    admin = await h.login(superadminId);
    buyer = await h.login(newUser());
  });
  afterAll(() => h?.stop());

  const createKey = async (limitMb: number): Promise<{ key: string; id: string }> => {
    const res = await h.client.createApiKey({
      caller: admin.caller,
      telegramId: buyer.telegramId,
      type: auth.ApiKeyType.API_KEY_TYPE_ROTATION,
      limitMb,
      days: 1,
    });
    return { key: res.key, id: res.apiKey!.id };
  };

  it('authorises an active key with its type, limit and usage in bytes', async () => {
    const { key, id } = await createKey(2);
    const res = await h.internal.authorizeApiKey({ apiKey: key });
    expect(res).toEqual({
      verdict: Verdict.API_KEY_VERDICT_OK,
      keyId: id,
      type: 'rotation',
      limitBytes: 2 * MB,
      usedBytes: 0,
      telegramId: buyer.telegramId,
    });
  });

  it('refuses unknown keys and says why a known key may not relay', async () => {
    const unknown = await h.internal.authorizeApiKey({
      apiKey: `tsk_${randomBytes(32).toString('base64url')}`,
    });
    expect(unknown.verdict).toBe(Verdict.API_KEY_VERDICT_INVALID);
    expect((await h.internal.authorizeApiKey({ apiKey: 'nonsense' })).verdict).toBe(
      Verdict.API_KEY_VERDICT_INVALID,
    );
    const { key, id } = await createKey(1);
    await h.client.updateApiKey({
      caller: admin.caller,
      id,
      status: auth.ApiKeyStatus.API_KEY_STATUS_INACTIVE,
    });
    expect((await h.internal.authorizeApiKey({ apiKey: key })).verdict).toBe(
      Verdict.API_KEY_VERDICT_INACTIVE,
    );
  });

  it('applies a usage batch once, moves used_mb, and refuses the key at its limit', async () => {
    const { key, id } = await createKey(1);
    const batch = { batchId: randomUUID(), usage: [{ keyId: id, bytes: MB / 2 }] };
    expect(await h.internal.recordApiKeyUsage(batch)).toEqual({ applied: true });
    expect(await h.internal.recordApiKeyUsage(batch)).toEqual({ applied: false });
    const half = await h.internal.authorizeApiKey({ apiKey: key });
    expect(half.usedBytes).toBe(MB / 2);
    const listed = await h.client.listApiKeys({
      caller: admin.caller,
      telegramId: buyer.telegramId,
      limit: 10,
      offset: 0,
    });
    expect(listed.apiKeys.find((k) => k.id === id)?.usedMb).toBe('0.5');
    await h.internal.recordApiKeyUsage({
      batchId: randomUUID(),
      usage: [{ keyId: id, bytes: MB / 2 }],
    });
    expect((await h.internal.authorizeApiKey({ apiKey: key })).verdict).toBe(
      Verdict.API_KEY_VERDICT_LIMIT_REACHED,
    );
  });

  it('concurrent retries of one batch apply it once', async () => {
    const { key, id } = await createKey(10);
    const batch = { batchId: randomUUID(), usage: [{ keyId: id, bytes: 1000 }] };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.internal.recordApiKeyUsage(batch)),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect((await h.internal.authorizeApiKey({ apiKey: key })).usedBytes).toBe(1000);
  });

  it('refuses a malformed batch with invalid_usage', async () => {
    expect(await failure(h.internal.recordApiKeyUsage({ batchId: 'x', usage: [] }))).toMatchObject({
      code: 'invalid_usage',
    });
    expect(
      await failure(
        h.internal.recordApiKeyUsage({ batchId: randomUUID(), usage: [{ keyId: 'k', bytes: -1 }] }),
      ),
    ).toMatchObject({ code: 'invalid_usage' });
  });
});
