import { Controller } from '@nestjs/common';

import { filter, filterNames } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { optionalUserId } from '@trafficshare/identity';

import { superadmin } from '../common/superadmin';
import { ReviewsService } from './reviews.service';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class ReviewsGrpcController implements Pick<
  filter.FilterServiceController,
  'listReviews' | 'resolveReview'
> {
  constructor(private readonly reviews: ReviewsService) {}

  listReviews(r: filter.ListReviewsRequest): Promise<filter.ListReviewsResponse> {
    superadmin(r.caller);
    return this.reviews.list({
      // UNSPECIFIED = every status.
      status:
        r.status === filter.ReviewStatus.REVIEW_STATUS_UNSPECIFIED
          ? 'all'
          : filterNames.reviewStatus.toNameOr(r.status, ''),
      telegramId: r.telegramId > 0 ? optionalUserId(r.telegramId) : undefined,
      limit: r.limit,
      offset: r.offset,
    });
  }

  resolveReview(r: filter.ResolveReviewRequest): Promise<filter.ResolveReviewResponse> {
    const admin = superadmin(r.caller);
    return this.reviews.resolve(admin.telegramId, {
      ticketId: r.ticketId,
      action: filterNames.reviewAction.toNameOr(r.action, ''),
      note: r.note,
    });
  }
}
