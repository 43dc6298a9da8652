import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TransfersErrorCode {
  InvalidAmount = 'invalid_amount',
  InvalidTransferId = 'invalid_transfer_id',
  InvalidKind = 'invalid_kind',
  InsufficientBalance = 'insufficient_balance',
  TransferIdConflict = 'transfer_id_conflict',
  PendingNotFound = 'pending_not_found',
  PendingAlreadyResolved = 'pending_already_resolved',
}

const KIND: Record<TransfersErrorCode, ErrorKind> = {
  [TransfersErrorCode.InvalidAmount]: 'invalid_argument',
  [TransfersErrorCode.InvalidTransferId]: 'invalid_argument',
  [TransfersErrorCode.InvalidKind]: 'invalid_argument',
  // Clients expect insufficient_balance as a 400 (a bad request), not 422.
  [TransfersErrorCode.InsufficientBalance]: 'invalid_argument',
  [TransfersErrorCode.TransferIdConflict]: 'conflict',
  [TransfersErrorCode.PendingNotFound]: 'not_found',
  [TransfersErrorCode.PendingAlreadyResolved]: 'conflict',
};

export class TransfersException extends DomainException {
  constructor(code: TransfersErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}

/** The apply trigger's refusal (conditional debit failed, or the CHECK on accounts). */
export function isInsufficientBalance(err: unknown): boolean {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  return code === '23514' && constraint === 'CHK_accounts_user_non_negative';
}
