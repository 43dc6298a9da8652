import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum IdentityErrorCode {
  /** The request carries no caller, or one without a user id or a known role. */
  CallerMissing = 'caller_missing',
  /** The caller may not do this: another user's data, or a role it does not have. */
  Forbidden = 'forbidden',
  /** A telegram id that is not a positive safe integer. */
  InvalidUserId = 'invalid_argument',
}

const KINDS: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.CallerMissing]: 'unauthenticated',
  [IdentityErrorCode.Forbidden]: 'permission_denied',
  [IdentityErrorCode.InvalidUserId]: 'invalid_argument',
};

/** Who-is-calling failures, the same in every service and in the gateway (403 `forbidden`). */
export class IdentityException extends DomainException {
  constructor(code: IdentityErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
