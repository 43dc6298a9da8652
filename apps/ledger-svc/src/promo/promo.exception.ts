import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum PromoCode {
  InvalidCode = 'invalid_promo_code',
  InvalidBonus = 'invalid_bonus_percent',
  InvalidExpiry = 'invalid_expires_at',
  Exists = 'promo_code_exists',
  NotFound = 'promo_not_found',
  Inactive = 'promo_inactive',
  Expired = 'promo_expired',
  AlreadyActivated = 'promo_already_activated',
  NoBalance = 'promo_no_balance',
}

const KIND: Record<PromoCode, ErrorKind> = {
  [PromoCode.InvalidCode]: 'invalid_argument',
  [PromoCode.InvalidBonus]: 'invalid_argument',
  [PromoCode.InvalidExpiry]: 'invalid_argument',
  [PromoCode.Exists]: 'already_exists',
  [PromoCode.NotFound]: 'not_found',
  [PromoCode.Inactive]: 'failed_precondition',
  [PromoCode.Expired]: 'failed_precondition',
  [PromoCode.AlreadyActivated]: 'conflict',
  [PromoCode.NoBalance]: 'failed_precondition',
};

export class PromoException extends DomainException {
  constructor(code: PromoCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}
