import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum EntitlementsExceptionCode {
  ModelNotFound = 'model_not_found',
  SubscriptionNotFound = 'subscription_not_found',
  InvalidDays = 'invalid_days',
}

const KINDS: Record<EntitlementsExceptionCode, ErrorKind> = {
  [EntitlementsExceptionCode.ModelNotFound]: 'not_found',
  [EntitlementsExceptionCode.SubscriptionNotFound]: 'not_found',
  [EntitlementsExceptionCode.InvalidDays]: 'invalid_argument',
};

export class EntitlementsException extends DomainException {
  constructor(code: EntitlementsExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
