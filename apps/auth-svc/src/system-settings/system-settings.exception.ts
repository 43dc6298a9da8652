import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum SystemSettingsErrorCode {
  UnknownSetting = 'unknown_setting',
  InvalidSetting = 'invalid_setting',
}

const KINDS: Record<SystemSettingsErrorCode, ErrorKind> = {
  [SystemSettingsErrorCode.UnknownSetting]: 'invalid_argument',
  [SystemSettingsErrorCode.InvalidSetting]: 'invalid_argument',
};

export class SystemSettingsException extends DomainException {
  constructor(code: SystemSettingsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
