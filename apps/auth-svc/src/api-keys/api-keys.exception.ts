import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum ApiKeysErrorCode {
  NotFound = 'api_key_not_found',
  InvalidType = 'invalid_api_key_type',
  InvalidLimit = 'invalid_limit',
  InvalidDays = 'invalid_days',
  InvalidStatus = 'invalid_status',
  InvalidId = 'invalid_argument',
  InvalidUsage = 'invalid_usage',
}

const KINDS: Record<ApiKeysErrorCode, ErrorKind> = {
  [ApiKeysErrorCode.NotFound]: 'not_found',
  [ApiKeysErrorCode.InvalidType]: 'invalid_argument',
  [ApiKeysErrorCode.InvalidLimit]: 'invalid_argument',
  [ApiKeysErrorCode.InvalidDays]: 'invalid_argument',
  [ApiKeysErrorCode.InvalidStatus]: 'invalid_argument',
  [ApiKeysErrorCode.InvalidId]: 'invalid_argument',
  [ApiKeysErrorCode.InvalidUsage]: 'invalid_argument',
};

export class ApiKeysException extends DomainException {
  constructor(code: ApiKeysErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
