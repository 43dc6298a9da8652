import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum PricingErrorCode {
  InvalidDate = 'invalid_date',
  InvalidPrice = 'invalid_price',
  InvalidDays = 'invalid_days',
}

const KIND: Record<PricingErrorCode, ErrorKind> = {
  [PricingErrorCode.InvalidDate]: 'invalid_argument',
  [PricingErrorCode.InvalidPrice]: 'invalid_argument',
  [PricingErrorCode.InvalidDays]: 'invalid_argument',
};

export class PricingException extends DomainException {
  constructor(code: PricingErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
