import { commonNames, filterNames, type filter } from '@trafficshare/contracts';

import type { Decision } from '../policy/policy.engine';

/** A decision as DecisionService builds it: the decision and filter status as names. */
export interface DecisionAnswer extends Omit<filter.FilterDecision, 'decision' | 'filterStatus'> {
  readonly decision: Decision;
  /** passed | failed | pending | skipped */
  readonly filterStatus: string;
}

export function toDecisionProto(a: DecisionAnswer): filter.FilterDecision {
  return {
    ...a,
    decision: filterNames.decision.toProto(a.decision),
    filterStatus: commonNames.filterStatus.parse(a.filterStatus) ?? 0,
  };
}
