import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum ReferralsErrorCode {
  ReferralNotFound = 'referral_not_found',
}

const KINDS: Record<ReferralsErrorCode, ErrorKind> = {
  [ReferralsErrorCode.ReferralNotFound]: 'not_found',
};

export class ReferralsException extends DomainException {
  constructor(code: ReferralsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
