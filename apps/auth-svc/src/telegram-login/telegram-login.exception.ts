import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TelegramLoginErrorCode {
  InvalidSignature = 'invalid_signature',
  AuthExpired = 'auth_expired',
  AuthDateInFuture = 'auth_date_in_future',
  InvalidPayload = 'invalid_payload',
  UserBanned = 'user_banned',
  AuthRevoked = 'auth_revoked',
}

const KINDS: Record<TelegramLoginErrorCode, ErrorKind> = {
  [TelegramLoginErrorCode.InvalidSignature]: 'unauthenticated',
  [TelegramLoginErrorCode.AuthExpired]: 'unauthenticated',
  [TelegramLoginErrorCode.AuthDateInFuture]: 'unauthenticated',
  [TelegramLoginErrorCode.InvalidPayload]: 'invalid_argument',
  [TelegramLoginErrorCode.UserBanned]: 'permission_denied',
  [TelegramLoginErrorCode.AuthRevoked]: 'unauthenticated',
};

export class TelegramLoginException extends DomainException {
  constructor(code: TelegramLoginErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
