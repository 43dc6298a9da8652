import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum PromoErrorCode {
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

const KIND: Record<PromoErrorCode, ErrorKind> = {
  [PromoErrorCode.InvalidCode]: 'invalid_argument',
  [PromoErrorCode.InvalidBonus]: 'invalid_argument',
  [PromoErrorCode.InvalidExpiry]: 'invalid_argument',
  [PromoErrorCode.Exists]: 'already_exists',
  [PromoErrorCode.NotFound]: 'not_found',
  [PromoErrorCode.Inactive]: 'failed_precondition',
  [PromoErrorCode.Expired]: 'failed_precondition',
  [PromoErrorCode.AlreadyActivated]: 'conflict',
  [PromoErrorCode.NoBalance]: 'failed_precondition',
};

export class PromoException extends DomainException {
  constructor(code: PromoErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}
