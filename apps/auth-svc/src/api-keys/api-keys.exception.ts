import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum ApiKeysExceptionCode {
  NotFound = 'api_key_not_found',
  InvalidType = 'invalid_api_key_type',
  InvalidLimit = 'invalid_limit',
  InvalidDays = 'invalid_days',
  InvalidStatus = 'invalid_status',
}

const KINDS: Record<ApiKeysExceptionCode, ErrorKind> = {
  [ApiKeysExceptionCode.NotFound]: 'not_found',
  [ApiKeysExceptionCode.InvalidType]: 'invalid_argument',
  [ApiKeysExceptionCode.InvalidLimit]: 'invalid_argument',
  [ApiKeysExceptionCode.InvalidDays]: 'invalid_argument',
  [ApiKeysExceptionCode.InvalidStatus]: 'invalid_argument',
};

export class ApiKeysException extends DomainException {
  constructor(code: ApiKeysExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
