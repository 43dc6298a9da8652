import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum UsersErrorCode {
  UserNotFound = 'user_not_found',
  InvalidDays = 'invalid_days',
}

const KINDS: Record<UsersErrorCode, ErrorKind> = {
  [UsersErrorCode.UserNotFound]: 'not_found',
  [UsersErrorCode.InvalidDays]: 'invalid_argument',
};

/** Failures about the user an RPC names (who is calling is @trafficshare/identity's). */
export class UsersException extends DomainException {
  constructor(code: UsersErrorCode, message: string) {
    super(KINDS[code], code, message);
  }

  static notFound(): UsersException {
    return new UsersException(UsersErrorCode.UserNotFound, 'User not found');
  }
}
