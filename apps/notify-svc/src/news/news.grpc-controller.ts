import { Controller } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { NewsService } from './news.service';

type NewsRpc =
  | 'createAnnouncement'
  | 'listAnnouncementsAdmin'
  | 'updateAnnouncement'
  | 'deleteAnnouncement'
  | 'listAnnouncements'
  | 'getTelegramLinks'
  | 'getNewsPromo';

/** NotifyService's news RPCs: announcements, Telegram links, the news & promo page. */
@Controller()
@GrpcMethods(notify.NOTIFY_SERVICE_NAME)
export class NewsGrpcController implements Pick<notify.NotifyServiceController, NewsRpc> {
  constructor(private readonly news: NewsService) {}

  async createAnnouncement(
    req: notify.CreateAnnouncementRequest,
  ): Promise<notify.CreateAnnouncementResponse> {
    return { announcement: await this.news.create(req) };
  }

  listAnnouncementsAdmin(
    req: notify.ListAnnouncementsAdminRequest,
  ): Promise<notify.ListAnnouncementsAdminResponse> {
    return this.news.listAdmin(req);
  }

  async updateAnnouncement(
    req: notify.UpdateAnnouncementRequest,
  ): Promise<notify.UpdateAnnouncementResponse> {
    return { announcement: await this.news.update(req) };
  }

  async deleteAnnouncement(
    req: notify.DeleteAnnouncementRequest,
  ): Promise<notify.DeleteAnnouncementResponse> {
    return { deleted: await this.news.remove(req) };
  }

  listAnnouncements(
    req: notify.ListAnnouncementsRequest,
  ): Promise<notify.ListAnnouncementsResponse> {
    return this.news.list(req);
  }

  getTelegramLinks(req: notify.GetTelegramLinksRequest): notify.GetTelegramLinksResponse {
    return { links: this.news.links(req.caller) };
  }

  getNewsPromo(req: notify.GetNewsPromoRequest): Promise<notify.GetNewsPromoResponse> {
    return this.news.newsPromo(req);
  }
}
