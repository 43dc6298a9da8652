import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { ReviewsService } from './reviews.service';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class ReviewsGrpcController implements Pick<
  filter.FilterServiceController,
  'listReviews' | 'resolveReview'
> {
  constructor(private readonly reviews: ReviewsService) {}

  listReviews(r: filter.ListReviewsRequest): Promise<filter.ListReviewsResponse> {
    return this.reviews.list(r);
  }

  resolveReview(r: filter.ResolveReviewRequest): Promise<filter.ResolveReviewResponse> {
    return this.reviews.resolve(r);
  }
}
