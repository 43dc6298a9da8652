import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum EntitlementsErrorCode {
  ModelNotFound = 'model_not_found',
  SubscriptionNotFound = 'subscription_not_found',
  InvalidDays = 'invalid_days',
}

const KINDS: Record<EntitlementsErrorCode, ErrorKind> = {
  [EntitlementsErrorCode.ModelNotFound]: 'not_found',
  [EntitlementsErrorCode.SubscriptionNotFound]: 'not_found',
  [EntitlementsErrorCode.InvalidDays]: 'invalid_argument',
};

export class EntitlementsException extends DomainException {
  constructor(code: EntitlementsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
