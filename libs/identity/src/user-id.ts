import { IdentityErrorCode, IdentityException } from './identity.exception';

/**
 * A user's telegram id, checked once where it enters (a verified caller, a request field, an
 * event) and typed from there on: repositories take the owner first as a `UserId`, so a query
 * for user data without an owner does not compile, and a bare number cannot stand in for one.
 */
export type UserId = number & { readonly __brand: 'UserId' };

export function isUserId(value: unknown): value is UserId {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The checked constructor: a positive safe integer, else `invalid_argument`. */
export function userId(value: number, field = 'telegram_id'): UserId {
  if (!isUserId(value)) {
    throw new IdentityException(
      IdentityErrorCode.InvalidUserId,
      `${field} must be a positive integer`,
    );
  }
  return value;
}

/** 0 (proto's "not set") → undefined; anything else must be a user id. */
export function optionalUserId(value: number, field = 'telegram_id'): UserId | undefined {
  return value === 0 ? undefined : userId(value, field);
}
