import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum FilterErrorCode {
  InvalidPolicy = 'invalid_policy',
  PolicyVersionConflict = 'policy_version_conflict',
  ReviewNotFound = 'review_not_found',
  ReviewAlreadyResolved = 'review_already_resolved',
  InvalidReviewAction = 'invalid_review_action',
  InvalidWhitelistEntry = 'invalid_whitelist_entry',
  WhitelistEntryNotFound = 'whitelist_entry_not_found',
  InvalidArgument = 'invalid_argument',
}

const KINDS: Record<FilterErrorCode, ErrorKind> = {
  [FilterErrorCode.InvalidPolicy]: 'invalid_argument',
  [FilterErrorCode.PolicyVersionConflict]: 'conflict',
  [FilterErrorCode.ReviewNotFound]: 'not_found',
  [FilterErrorCode.ReviewAlreadyResolved]: 'conflict',
  [FilterErrorCode.InvalidReviewAction]: 'invalid_argument',
  [FilterErrorCode.InvalidWhitelistEntry]: 'invalid_argument',
  [FilterErrorCode.WhitelistEntryNotFound]: 'not_found',
  [FilterErrorCode.InvalidArgument]: 'invalid_argument',
};

/** Errors of the filter's admin RPCs (filter decisions themselves are answers, not errors). */
export class FilterException extends DomainException {
  constructor(code: FilterErrorCode, message: string, details?: Record<string, unknown>) {
    super(KINDS[code], code, message, details);
  }
}
