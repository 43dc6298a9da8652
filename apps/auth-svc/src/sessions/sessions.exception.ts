import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum SessionsExceptionCode {
  InvalidRefreshToken = 'invalid_refresh_token',
  RefreshTokenReused = 'refresh_token_reused',
  SessionRevoked = 'session_revoked',
  SessionExpired = 'session_expired',
  UserBanned = 'user_banned',
  TwoFactorRequired = 'two_factor_required',
  InvalidTwoFactorCode = 'invalid_two_factor_code',
  ForcedLogout = 'forced_logout',
}

const KINDS: Record<SessionsExceptionCode, ErrorKind> = {
  [SessionsExceptionCode.InvalidRefreshToken]: 'unauthenticated',
  [SessionsExceptionCode.RefreshTokenReused]: 'unauthenticated',
  [SessionsExceptionCode.SessionRevoked]: 'unauthenticated',
  [SessionsExceptionCode.SessionExpired]: 'unauthenticated',
  [SessionsExceptionCode.UserBanned]: 'permission_denied',
  [SessionsExceptionCode.TwoFactorRequired]: 'permission_denied',
  [SessionsExceptionCode.InvalidTwoFactorCode]: 'permission_denied',
  [SessionsExceptionCode.ForcedLogout]: 'unauthenticated',
};

export class SessionsException extends DomainException {
  constructor(code: SessionsExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
