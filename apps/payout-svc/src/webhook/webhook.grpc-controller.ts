import { Controller } from '@nestjs/common';

import { payout } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { WebhookService } from './webhook.service';

/** Provider notifications the gateway forwards with their raw body. */
@Controller()
@GrpcMethods(payout.PAYOUT_SERVICE_NAME)
export class WebhookGrpcController implements Pick<
  payout.PayoutServiceController,
  'handleProviderWebhook'
> {
  constructor(private readonly webhooks: WebhookService) {}

  handleProviderWebhook(
    r: payout.HandleProviderWebhookRequest,
  ): Promise<payout.HandleProviderWebhookResponse> {
    return this.webhooks.handle(r.provider, Buffer.from(r.rawBody), r.signature);
  }
}
