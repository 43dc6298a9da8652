import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TwoFactorExceptionCode {
  AlreadyEnabled = 'two_factor_already_enabled',
  NotEnrolled = 'two_factor_not_enrolled',
  NotEnabled = 'two_factor_not_enabled',
  CodeRequired = 'two_factor_required',
  InvalidCode = 'invalid_two_factor_code',
  TooManyAttempts = 'too_many_two_factor_attempts',
}

const KINDS: Record<TwoFactorExceptionCode, ErrorKind> = {
  [TwoFactorExceptionCode.AlreadyEnabled]: 'conflict',
  [TwoFactorExceptionCode.NotEnrolled]: 'failed_precondition',
  [TwoFactorExceptionCode.NotEnabled]: 'failed_precondition',
  [TwoFactorExceptionCode.CodeRequired]: 'permission_denied',
  [TwoFactorExceptionCode.InvalidCode]: 'permission_denied',
  [TwoFactorExceptionCode.TooManyAttempts]: 'rate_limited',
};

export class TwoFactorException extends DomainException {
  constructor(code: TwoFactorExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
