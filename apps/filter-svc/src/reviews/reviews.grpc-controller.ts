import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';

import { ReviewsService } from './reviews.service';

@Controller()
@filter.FilterServiceControllerMethods()
export class ReviewsGrpcController implements Pick<filter.FilterServiceController, 'listReviews' | 'resolveReview'> {
  constructor(private readonly reviews: ReviewsService) {}

  listReviews(r: filter.ListReviewsRequest): Promise<filter.ListReviewsResponse> {
    return this.reviews.list(r);
  }

  resolveReview(r: filter.ResolveReviewRequest): Promise<filter.ResolveReviewResponse> {
    return this.reviews.resolve(r);
  }
}
