import { authNames, type auth } from '@trafficshare/contracts';

import type { ApiKeyJson } from './admin-api-keys.contract';

/** A buyer API key as the console shows it (never the key itself). */
export function apiKeyJson(k: auth.ApiKey | undefined): ApiKeyJson {
  return {
    id: k?.id ?? '',
    telegram_id: k?.telegramId ?? 0,
    type: k ? authNames.apiKeyType.toNameOr(k.type, '') : '',
    limit_mb: k?.limitMb ?? 0,
    // auth-svc sends the usage as a decimal MB string (3 places at most).
    used_mb: Number(k?.usedMb ?? 0),
    expiry_date: k?.expiryDate ?? '',
    status: k ? authNames.apiKeyStatus.toNameOr(k.status, '') : '',
    key_prefix: k?.keyPrefix ?? '',
    created_at: k?.createdAt ?? '',
  };
}
