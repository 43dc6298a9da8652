import { DomainException } from '@trafficshare/grpc';

import { isUserId, optionalUserId, userId, type UserId } from './user-id';

describe('UserId', () => {
  it('accepts positive safe integers', () => {
    expect(userId(1)).toBe(1);
    expect(userId(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(isUserId(599382114)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity])(
    'refuses %p with invalid_argument',
    (value) => {
      expect(isUserId(value)).toBe(false);
      try {
        userId(value);
        throw new Error('accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainException);
        expect(err).toMatchObject({
          kind: 'invalid_argument',
          code: 'invalid_argument',
          message: 'telegram_id must be a positive integer',
        });
      }
    },
  );

  it('names the field it checked', () => {
    expect(() => userId(0, 'admin_id')).toThrow('admin_id must be a positive integer');
  });

  it('optionalUserId: 0 is "not set"', () => {
    expect(optionalUserId(0)).toBeUndefined();
    expect(optionalUserId(12)).toBe(12);
    expect(() => optionalUserId(-3)).toThrow(DomainException);
  });

  it('is not a bare number to the compiler', () => {
    // @ts-expect-error a number is not a UserId until checked
    const unchecked: UserId = 5;
    expect(unchecked).toBe(5);
  });
});
