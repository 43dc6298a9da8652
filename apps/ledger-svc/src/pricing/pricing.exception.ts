import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum PricingCode {
  InvalidDate = 'invalid_date',
  InvalidPrice = 'invalid_price',
  InvalidDays = 'invalid_days',
}

const KIND: Record<PricingCode, ErrorKind> = {
  [PricingCode.InvalidDate]: 'invalid_argument',
  [PricingCode.InvalidPrice]: 'invalid_argument',
  [PricingCode.InvalidDays]: 'invalid_argument',
};

export class PricingException extends DomainException {
  constructor(code: PricingCode, message: string) {
    super(KIND[code], code, message);
  }
}
