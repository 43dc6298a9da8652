// The lower-case names of the proto enums (HTTP JSON, events, database rows), one table per enum.
import * as auth from './generated/trafficshare/auth/v1/auth';
import * as common from './generated/trafficshare/common/v1/common';
import * as filter from './generated/trafficshare/filter/v1/filter';
import * as ledger from './generated/trafficshare/ledger/v1/ledger';
import * as telemetry from './generated/trafficshare/telemetry/v1/telemetry';
import { enumNames } from './enum-names';

export const commonNames = {
  language: enumNames(common.Language, {
    uz: common.Language.LANGUAGE_UZ,
    ru: common.Language.LANGUAGE_RU,
    en: common.Language.LANGUAGE_EN,
  }),
  networkType: enumNames(common.NetworkType, {
    mobile: common.NetworkType.NETWORK_TYPE_MOBILE,
    wifi: common.NetworkType.NETWORK_TYPE_WIFI,
    unknown: common.NetworkType.NETWORK_TYPE_UNKNOWN,
  }),
  filterStatus: enumNames(common.FilterStatus, {
    passed: common.FilterStatus.FILTER_STATUS_PASSED,
    failed: common.FilterStatus.FILTER_STATUS_FAILED,
    pending: common.FilterStatus.FILTER_STATUS_PENDING,
    skipped: common.FilterStatus.FILTER_STATUS_SKIPPED,
  }),
};

export const authNames = {
  theme: enumNames(auth.Theme, { light: auth.Theme.THEME_LIGHT, dark: auth.Theme.THEME_DARK }),
  apiKeyType: enumNames(auth.ApiKeyType, {
    traffic: auth.ApiKeyType.API_KEY_TYPE_TRAFFIC,
    rotation: auth.ApiKeyType.API_KEY_TYPE_ROTATION,
  }),
  apiKeyStatus: enumNames(auth.ApiKeyStatus, {
    active: auth.ApiKeyStatus.API_KEY_STATUS_ACTIVE,
    inactive: auth.ApiKeyStatus.API_KEY_STATUS_INACTIVE,
    expired: auth.ApiKeyStatus.API_KEY_STATUS_EXPIRED,
  }),
};

export const ledgerNames = {
  transferKind: enumNames(ledger.TransferKind, {
    income: ledger.TransferKind.TRANSFER_KIND_INCOME,
    withdraw: ledger.TransferKind.TRANSFER_KIND_WITHDRAW,
    withdraw_post: ledger.TransferKind.TRANSFER_KIND_WITHDRAW_POST,
    refund: ledger.TransferKind.TRANSFER_KIND_REFUND,
    bonus: ledger.TransferKind.TRANSFER_KIND_BONUS,
    adjustment: ledger.TransferKind.TRANSFER_KIND_ADJUSTMENT,
    referral: ledger.TransferKind.TRANSFER_KIND_REFERRAL,
  }),
  transferStatus: enumNames(ledger.TransferStatus, {
    pending: ledger.TransferStatus.TRANSFER_STATUS_PENDING,
    posted: ledger.TransferStatus.TRANSFER_STATUS_POSTED,
    voided: ledger.TransferStatus.TRANSFER_STATUS_VOIDED,
  }),
};

export const telemetryNames = {
  sessionStatus: enumNames(telemetry.SessionStatus, {
    active: telemetry.SessionStatus.SESSION_STATUS_ACTIVE,
    completed: telemetry.SessionStatus.SESSION_STATUS_COMPLETED,
    failed: telemetry.SessionStatus.SESSION_STATUS_FAILED,
  }),
  startStatus: enumNames(telemetry.StartStatus, {
    ok: telemetry.StartStatus.START_STATUS_OK,
    blocked: telemetry.StartStatus.START_STATUS_BLOCKED,
    pending_admin: telemetry.StartStatus.START_STATUS_PENDING_ADMIN,
  }),
  reportOutcome: enumNames(telemetry.ReportOutcome, {
    accepted: telemetry.ReportOutcome.REPORT_OUTCOME_ACCEPTED,
    duplicate: telemetry.ReportOutcome.REPORT_OUTCOME_DUPLICATE,
    rejected: telemetry.ReportOutcome.REPORT_OUTCOME_REJECTED,
  }),
  reconciliationStatus: enumNames(telemetry.ReconciliationStatus, {
    ok: telemetry.ReconciliationStatus.RECONCILIATION_STATUS_OK,
    mismatch: telemetry.ReconciliationStatus.RECONCILIATION_STATUS_MISMATCH,
  }),
  stopReason: enumNames(telemetry.StopReason, {
    user: telemetry.StopReason.STOP_REASON_USER,
    timeout: telemetry.StopReason.STOP_REASON_TIMEOUT,
  }),
  statsPeriod: enumNames(telemetry.StatsPeriod, {
    daily: telemetry.StatsPeriod.STATS_PERIOD_DAILY,
    weekly: telemetry.StatsPeriod.STATS_PERIOD_WEEKLY,
    monthly: telemetry.StatsPeriod.STATS_PERIOD_MONTHLY,
  }),
};

export const filterNames = {
  decision: enumNames(filter.Decision, {
    allow: filter.Decision.DECISION_ALLOW,
    deny: filter.Decision.DECISION_DENY,
    pending_admin: filter.Decision.DECISION_PENDING_ADMIN,
    skipped: filter.Decision.DECISION_SKIPPED,
  }),
  reviewStatus: enumNames(filter.ReviewStatus, {
    pending: filter.ReviewStatus.REVIEW_STATUS_PENDING,
    approved: filter.ReviewStatus.REVIEW_STATUS_APPROVED,
    rejected: filter.ReviewStatus.REVIEW_STATUS_REJECTED,
  }),
  reviewAction: enumNames(filter.ReviewAction, {
    approve: filter.ReviewAction.REVIEW_ACTION_APPROVE,
    reject: filter.ReviewAction.REVIEW_ACTION_REJECT,
  }),
  failureAction: enumNames(filter.FailureAction, {
    deny: filter.FailureAction.FAILURE_ACTION_DENY,
    pending_admin: filter.FailureAction.FAILURE_ACTION_PENDING_ADMIN,
  }),
  whitelistEntryType: enumNames(filter.WhitelistEntryType, {
    asn: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_ASN,
    ip: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_IP,
  }),
};
