import { FilterAuditEntity } from './audit/filter-audit.entity';
import { FilterPolicyEntity } from './policy/filter-policy.entity';
import { FilterReviewEntity } from './reviews/filter-review.entity';

// Entities of the filter schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [FilterPolicyEntity, FilterAuditEntity, FilterReviewEntity];
