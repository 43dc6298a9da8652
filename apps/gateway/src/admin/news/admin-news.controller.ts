import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { notify } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { announcementJson } from '../../news/news.presenter';
import {
  AdminCreateAnnouncementRoute,
  AdminDeleteAnnouncementRoute,
  AdminListAnnouncementsRoute,
  AdminUpdateAnnouncementRoute,
  type AdminAnnouncementJson,
} from './admin-news.contract';

export const AdminNewsNotify = narrowClient('notify', [
  'createAnnouncement',
  'listAnnouncementsAdmin',
  'updateAnnouncement',
  'deleteAnnouncement',
]);

type Req = FastifyRequest & AuthenticatedRequest;

function adminAnnouncementJson(a: notify.Announcement | undefined): AdminAnnouncementJson {
  const base: notify.Announcement = a ?? {
    id: '',
    title: '',
    description: '',
    imageUrl: '',
    link: '',
    createdAt: '',
    publishAt: '',
    publishedAt: '',
    push: false,
    isNew: false,
    updatedAt: '',
  };
  return {
    ...announcementJson(base),
    publish_at: base.publishAt || null,
    push: base.push,
    updated_at: base.updatedAt,
  };
}

/** Admin: announcements (superadmin; notify-svc checks the role again). */
@Controller()
export class AdminNewsController {
  constructor(
    @Inject(AdminNewsNotify.token) private readonly notify: typeof AdminNewsNotify.type,
  ) {}

  @Route(AdminCreateAnnouncementRoute)
  async create(
    { body }: RouteInput<typeof AdminCreateAnnouncementRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminCreateAnnouncementRoute>> {
    const res = await this.notify.createAnnouncement(
      {
        caller: callerOf(request),
        title: body.title,
        description: body.description,
        imageUrl: body.image_url,
        link: body.link,
        publishAt: body.publish_at ?? '',
        push: body.push,
      },
      callOptions(request),
    );
    return { announcement: adminAnnouncementJson(res.announcement) };
  }

  @Route(AdminListAnnouncementsRoute)
  async list(
    { query }: RouteInput<typeof AdminListAnnouncementsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminListAnnouncementsRoute>> {
    const res = await this.notify.listAnnouncementsAdmin(
      { caller: callerOf(request), limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return { announcements: res.announcements.map(adminAnnouncementJson), total: res.total };
  }

  @Route(AdminUpdateAnnouncementRoute)
  async update(
    { params, body }: RouteInput<typeof AdminUpdateAnnouncementRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminUpdateAnnouncementRoute>> {
    const res = await this.notify.updateAnnouncement(
      {
        caller: callerOf(request),
        id: params.id,
        title: body.title,
        description: body.description,
        imageUrl: body.image_url,
        link: body.link,
        publishAt: body.publish_at === undefined ? undefined : (body.publish_at ?? ''),
      },
      callOptions(request),
    );
    return { announcement: adminAnnouncementJson(res.announcement) };
  }

  @Route(AdminDeleteAnnouncementRoute)
  async remove(
    { params }: RouteInput<typeof AdminDeleteAnnouncementRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminDeleteAnnouncementRoute>> {
    const res = await this.notify.deleteAnnouncement(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    return { deleted: res.deleted };
  }
}
