import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TelegramLoginExceptionCode {
  InvalidSignature = 'invalid_signature',
  AuthExpired = 'auth_expired',
  AuthDateInFuture = 'auth_date_in_future',
  InvalidPayload = 'invalid_payload',
  UserBanned = 'user_banned',
  AuthRevoked = 'auth_revoked',
}

const KINDS: Record<TelegramLoginExceptionCode, ErrorKind> = {
  [TelegramLoginExceptionCode.InvalidSignature]: 'unauthenticated',
  [TelegramLoginExceptionCode.AuthExpired]: 'unauthenticated',
  [TelegramLoginExceptionCode.AuthDateInFuture]: 'unauthenticated',
  [TelegramLoginExceptionCode.InvalidPayload]: 'invalid_argument',
  [TelegramLoginExceptionCode.UserBanned]: 'permission_denied',
  [TelegramLoginExceptionCode.AuthRevoked]: 'unauthenticated',
};

export class TelegramLoginException extends DomainException {
  constructor(code: TelegramLoginExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
