import { line, queryInt, text, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { AnnouncementSchema } from '../../news/news.contract';

const superadmin = { tags: ['admin', 'news'], access: { roles: ['superadmin'] } } as const;

const AdminAnnouncementSchema = AnnouncementSchema.extend({
  publish_at: z.string().nullable().describe('Scheduled visibility (null: at creation)'),
  push: z.boolean().describe('Every user with system updates on is told when it is published'),
  updated_at: z.string(),
});
export type AdminAnnouncementJson = z.input<typeof AdminAnnouncementSchema>;

const httpsUrl = line(500).refine((v) => v === '' || /^https:\/\/\S+$/.test(v), {
  message: 'an https URL',
});
const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601; omitted: now');
const idParams = z.strictObject({ id: z.uuid() });
const errors = { 400: ['invalid_announcement'] } as const;

export const AdminCreateAnnouncementRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/news',
  rateLimit: { name: 'admin_news', points: 30, windowS: 60, by: 'user' },
  summary: 'Create an announcement (optionally scheduled, optionally pushed to every user)',
  description:
    'Visible from `publish_at` (or at once). With `push`, every user with system updates on gets a notification (in-app, push unless they turned push off, live) when it becomes visible — once.',
  body: z.strictObject({
    title: line(255).min(1),
    description: text(5000).min(1),
    image_url: httpsUrl.default(''),
    link: httpsUrl.default(''),
    publish_at: isoTime.optional(),
    push: z.boolean().default(false),
  }),
  response: z.strictObject({ announcement: AdminAnnouncementSchema }),
  errors,
});

export const AdminListAnnouncementsRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/news',
  summary: 'Every announcement, scheduled ones too, newest first',
  query: z.strictObject({
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 100_000).default(0),
  }),
  response: z.strictObject({
    announcements: z.array(AdminAnnouncementSchema),
    total: z.number().int(),
  }),
});

export const AdminUpdateAnnouncementRoute = defineRoute({
  ...superadmin,
  method: 'PATCH',
  path: '/api/admin/news/:id',
  summary: 'Change an announcement (publish_at only while it is not yet published)',
  params: idParams,
  body: z.strictObject({
    title: line(255).min(1).optional(),
    description: text(5000).min(1).optional(),
    image_url: httpsUrl.optional(),
    link: httpsUrl.optional(),
    publish_at: isoTime.nullable().optional().describe('null: now'),
  }),
  response: z.strictObject({ announcement: AdminAnnouncementSchema }),
  errors: { ...errors, 404: ['announcement_not_found'] },
});

export const AdminDeleteAnnouncementRoute = defineRoute({
  ...superadmin,
  method: 'DELETE',
  path: '/api/admin/news/:id',
  summary: 'Delete an announcement',
  params: idParams,
  response: z.strictObject({ deleted: z.boolean() }),
  errors: { 404: ['announcement_not_found'] },
});
