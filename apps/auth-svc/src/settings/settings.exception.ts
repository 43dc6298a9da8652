import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum SettingsErrorCode {
  InvalidSetting = 'invalid_argument',
}

const KINDS: Record<SettingsErrorCode, ErrorKind> = {
  [SettingsErrorCode.InvalidSetting]: 'invalid_argument',
};

export class SettingsException extends DomainException {
  constructor(code: SettingsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
