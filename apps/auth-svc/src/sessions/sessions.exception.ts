import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum SessionsErrorCode {
  InvalidRefreshToken = 'invalid_refresh_token',
  RefreshTokenReused = 'refresh_token_reused',
  SessionRevoked = 'session_revoked',
  SessionExpired = 'session_expired',
  UserBanned = 'user_banned',
  TwoFactorRequired = 'two_factor_required',
  InvalidTwoFactorCode = 'invalid_two_factor_code',
  ForcedLogout = 'forced_logout',
}

const KINDS: Record<SessionsErrorCode, ErrorKind> = {
  [SessionsErrorCode.InvalidRefreshToken]: 'unauthenticated',
  [SessionsErrorCode.RefreshTokenReused]: 'unauthenticated',
  [SessionsErrorCode.SessionRevoked]: 'unauthenticated',
  [SessionsErrorCode.SessionExpired]: 'unauthenticated',
  [SessionsErrorCode.UserBanned]: 'permission_denied',
  [SessionsErrorCode.TwoFactorRequired]: 'permission_denied',
  [SessionsErrorCode.InvalidTwoFactorCode]: 'permission_denied',
  [SessionsErrorCode.ForcedLogout]: 'unauthenticated',
};

export class SessionsException extends DomainException {
  constructor(code: SessionsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
