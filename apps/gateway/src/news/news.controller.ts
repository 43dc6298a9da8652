import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { AnnouncementsRoute, NewsPromoRoute, TelegramLinksRoute } from './news.contract';
import { announcementJson, linksJson, newsPromoJson } from './news.presenter';

export const NewsNotify = narrowClient('notify', [
  'listAnnouncements',
  'getTelegramLinks',
  'getNewsPromo',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/** The news & promo page (notify-svc owns announcements and asks ledger-svc for promo codes). */
@Controller()
export class NewsController {
  constructor(@Inject(NewsNotify.token) private readonly notify: typeof NewsNotify.type) {}

  @Route(AnnouncementsRoute)
  async announcements(
    { query }: RouteInput<typeof AnnouncementsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AnnouncementsRoute>> {
    const res = await this.notify.listAnnouncements(
      { caller: callerOf(request), limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return { announcements: res.announcements.map(announcementJson), total: res.total };
  }

  @Route(TelegramLinksRoute)
  async links(
    _input: RouteInput<typeof TelegramLinksRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof TelegramLinksRoute>> {
    const res = await this.notify.getTelegramLinks(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { telegram_links: linksJson(res.links) };
  }

  @Route(NewsPromoRoute)
  async newsPromo(
    _input: RouteInput<typeof NewsPromoRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof NewsPromoRoute>> {
    const res = await this.notify.getNewsPromo({ caller: callerOf(request) }, callOptions(request));
    return {
      telegram_links: linksJson(res.telegramLinks),
      announcements: res.announcements.map(announcementJson),
      promo: res.promo.map(newsPromoJson),
    };
  }
}
