import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum RequestExceptionCode {
  CallerMissing = 'caller_missing',
  Forbidden = 'forbidden',
  InvalidArgument = 'invalid_argument',
  UserNotFound = 'user_not_found',
}

const KINDS: Record<RequestExceptionCode, ErrorKind> = {
  [RequestExceptionCode.CallerMissing]: 'unauthenticated',
  [RequestExceptionCode.Forbidden]: 'permission_denied',
  [RequestExceptionCode.InvalidArgument]: 'invalid_argument',
  [RequestExceptionCode.UserNotFound]: 'not_found',
};

/** Failures shared by every auth-svc feature (caller, role, arguments, unknown user). */
export class RequestException extends DomainException {
  constructor(code: RequestExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
