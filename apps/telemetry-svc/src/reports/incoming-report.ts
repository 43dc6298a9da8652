import { commonNames, telemetryNames, type telemetry } from '@trafficshare/contracts';
import { callerOf, type UserId } from '@trafficshare/identity';

/** A report as ingestion handles it: its owner checked from the caller, enums as names. */
export interface IncomingReport extends Omit<telemetry.ReportInput, 'caller' | 'networkType'> {
  /** The caller: someone else's session answers as missing. */
  readonly telegramId: UserId;
  /** mobile | wifi | unknown, '' when the app did not send it. */
  readonly networkType: string;
}

/** One report's answer; `outcome` as a name until it leaves the service. */
export interface ReportVerdict extends Omit<telemetry.ReportResult, 'outcome'> {
  readonly outcome: 'accepted' | 'duplicate' | 'rejected';
}

/** Throws `caller_missing` (the whole call fails) when a report carries no valid caller. */
export function toIncoming(r: telemetry.ReportInput): IncomingReport {
  return {
    ...r,
    telegramId: callerOf(r.caller).telegramId,
    networkType: commonNames.networkType.toNameOr(r.networkType, ''),
  };
}

export function toResultProto(v: ReportVerdict): telemetry.ReportResult {
  return { ...v, outcome: telemetryNames.reportOutcome.toProto(v.outcome) };
}
