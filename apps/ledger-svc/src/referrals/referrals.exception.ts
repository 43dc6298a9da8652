import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum ReferralsErrorCode {
  InvalidRange = 'invalid_range',
}

const KIND: Record<ReferralsErrorCode, ErrorKind> = {
  [ReferralsErrorCode.InvalidRange]: 'invalid_argument',
};

export class ReferralsException extends DomainException {
  constructor(code: ReferralsErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}
