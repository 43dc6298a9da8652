import type { auth } from '@trafficshare/contracts';

import type { LoginSessionEntity } from './login-session.entity';

export function toLoginRecord(s: LoginSessionEntity, currentSessionId = ''): auth.LoginRecord {
  return {
    sessionId: s.id,
    ip: s.ip,
    device: s.device,
    city: s.city,
    country: s.country,
    time: s.createdAt.toISOString(),
    active: !s.revokedAt && s.expiresAt.getTime() > Date.now(),
    current: s.id === currentSessionId,
  };
}
