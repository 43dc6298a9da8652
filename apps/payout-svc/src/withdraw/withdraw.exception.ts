import { DomainException, ERROR_CODE_KEY, type ErrorKind } from '@trafficshare/grpc';

export enum WithdrawErrorCode {
  InvalidAddress = 'invalid_address',
  UnsupportedNetwork = 'unsupported_network',
  InvalidAmount = 'invalid_amount',
  BelowMinimum = 'below_minimum',
  AboveMaximum = 'above_maximum',
  RateLimit = 'rate_limit',
  TwoFactorRequired = 'two_factor_required',
  InvalidTwoFactorCode = 'invalid_two_factor_code',
  InsufficientBalance = 'insufficient_balance',
  InvalidIdempotencyKey = 'invalid_idempotency_key',
  IdempotencyConflict = 'idempotency_conflict',
  IdempotencyInProgress = 'idempotency_in_progress',
  TelegramIdMismatch = 'telegram_id_mismatch',
  InvalidWithdrawId = 'invalid_withdraw_id',
  WithdrawNotFound = 'withdraw_not_found',
  InvalidAction = 'invalid_action',
  WithdrawStateConflict = 'withdraw_state_conflict',
  NoteRequired = 'note_required',
  InvalidStatus = 'invalid_status',
  LedgerUnavailable = 'ledger_unavailable',
  AuthUnavailable = 'auth_unavailable',
  InvalidDays = 'invalid_days',
  AddressNotBlacklisted = 'address_not_blacklisted',
}

const KIND: Record<WithdrawErrorCode, ErrorKind> = {
  [WithdrawErrorCode.InvalidAddress]: 'invalid_argument',
  [WithdrawErrorCode.UnsupportedNetwork]: 'invalid_argument',
  [WithdrawErrorCode.InvalidAmount]: 'invalid_argument',
  [WithdrawErrorCode.BelowMinimum]: 'invalid_argument',
  [WithdrawErrorCode.AboveMaximum]: 'invalid_argument',
  [WithdrawErrorCode.RateLimit]: 'rate_limited',
  [WithdrawErrorCode.TwoFactorRequired]: 'permission_denied',
  [WithdrawErrorCode.InvalidTwoFactorCode]: 'permission_denied',
  // A 400, like the ledger's insufficient_balance.
  [WithdrawErrorCode.InsufficientBalance]: 'invalid_argument',
  [WithdrawErrorCode.InvalidIdempotencyKey]: 'invalid_argument',
  [WithdrawErrorCode.IdempotencyConflict]: 'conflict',
  [WithdrawErrorCode.IdempotencyInProgress]: 'conflict',
  [WithdrawErrorCode.TelegramIdMismatch]: 'permission_denied',
  [WithdrawErrorCode.InvalidWithdrawId]: 'invalid_argument',
  [WithdrawErrorCode.WithdrawNotFound]: 'not_found',
  [WithdrawErrorCode.InvalidAction]: 'invalid_argument',
  [WithdrawErrorCode.WithdrawStateConflict]: 'conflict',
  [WithdrawErrorCode.NoteRequired]: 'invalid_argument',
  [WithdrawErrorCode.InvalidStatus]: 'invalid_argument',
  [WithdrawErrorCode.LedgerUnavailable]: 'unavailable',
  [WithdrawErrorCode.AuthUnavailable]: 'unavailable',
  [WithdrawErrorCode.InvalidDays]: 'invalid_argument',
  [WithdrawErrorCode.AddressNotBlacklisted]: 'not_found',
};

export class WithdrawException extends DomainException {
  constructor(code: WithdrawErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}

/** The domain code a service answered with (gRPC metadata), if any. */
export function remoteCodeOf(err: unknown): string | undefined {
  const md = (err as { metadata?: { get(key: string): unknown[] } }).metadata;
  const code = md?.get(ERROR_CODE_KEY)[0];
  return typeof code === 'string' ? code : undefined;
}
