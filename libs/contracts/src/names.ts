// The lower-case names of the proto enums (HTTP JSON, events, database rows), one table per enum.
import * as auth from './generated/trafficshare/auth/v1/auth';
import * as common from './generated/trafficshare/common/v1/common';
import * as ledger from './generated/trafficshare/ledger/v1/ledger';
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
  }),
  transferStatus: enumNames(ledger.TransferStatus, {
    pending: ledger.TransferStatus.TRANSFER_STATUS_PENDING,
    posted: ledger.TransferStatus.TRANSFER_STATUS_POSTED,
    voided: ledger.TransferStatus.TRANSFER_STATUS_VOIDED,
  }),
};
