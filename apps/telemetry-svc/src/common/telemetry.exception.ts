import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TelemetryErrorCode {
  SessionNotFound = 'session_not_found',
  SessionClosed = 'session_closed',
  DeviceMismatch = 'device_mismatch',
  SessionAlreadyActive = 'session_already_active',
  DeviceBusy = 'device_busy',
  RateLimited = 'rate_limited',
  InvalidReport = 'invalid_report',
  InvalidArgument = 'invalid_argument',
  FilterUnavailable = 'filter_unavailable',
}

const KIND: Record<TelemetryErrorCode, ErrorKind> = {
  [TelemetryErrorCode.SessionNotFound]: 'not_found',
  [TelemetryErrorCode.SessionClosed]: 'conflict',
  [TelemetryErrorCode.DeviceMismatch]: 'permission_denied',
  [TelemetryErrorCode.SessionAlreadyActive]: 'conflict',
  [TelemetryErrorCode.DeviceBusy]: 'conflict',
  [TelemetryErrorCode.RateLimited]: 'rate_limited',
  [TelemetryErrorCode.InvalidReport]: 'invalid_argument',
  [TelemetryErrorCode.InvalidArgument]: 'invalid_argument',
  [TelemetryErrorCode.FilterUnavailable]: 'unavailable',
};

export const kindOf = (code: TelemetryErrorCode): ErrorKind => KIND[code];

/** Errors of telemetry-svc; the code is what the client sees. */
export class TelemetryException extends DomainException {
  constructor(code: TelemetryErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }

  static notFound(): TelemetryException {
    // Someone else's session answers the same as a missing one (no probing of ids).
    return new TelemetryException(
      TelemetryErrorCode.SessionNotFound,
      'No such session for this user',
    );
  }

  static closed(sessionId: string, status: string): TelemetryException {
    return new TelemetryException(
      TelemetryErrorCode.SessionClosed,
      `The session is already ${status}`,
      {
        session_id: sessionId,
        session_status: status,
      },
    );
  }
}
