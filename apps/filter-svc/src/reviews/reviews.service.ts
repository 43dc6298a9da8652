import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { commonNames, filterNames, type filter } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import { userId, type UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { LOGGER, OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../audit/audit.repository';
import { AuditWriter, type AuditRecord } from '../audit/audit-writer.service';
import { FilterErrorCode, FilterException } from '../common/filter.exception';
import { maskIp } from '../ip/ip-address';
import { FilterReviewEntity } from './filter-review.entity';
import { ReviewGrants } from './review-grants';
import { ReviewsRepository, type ReviewQuery } from './reviews.repository';

const STATUSES = ['pending', 'approved', 'rejected', 'all'] as const;

/** A review list request with the status as a name ('all' = every status). */
export interface ReviewListInput {
  readonly status: string;
  /** One user's tickets; undefined = every user's. */
  readonly telegramId: UserId | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface ResolveInput {
  readonly ticketId: string;
  /** approve | reject */
  readonly action: string;
  readonly note: string;
}

export const newTicketId = (): string => `ra_${randomBytes(9).toString('base64url')}`;

@Injectable()
export class ReviewsService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: ReviewsRepository,
    private readonly audits: AuditRepository,
    private readonly writer: AuditWriter,
    private readonly grants: ReviewGrants,
  ) {}

  /** Opens a ticket together with its audit row and events, in one transaction. */
  async open(record: AuditRecord): Promise<void> {
    const a = record.row;
    const ticketId = a.ticketId as string;
    await this.tx.run(async (m) => {
      await this.writer.writeNow(m, record);
      await this.repo.insert(m, {
        ticketId,
        status: 'pending',
        telegramId: a.telegramId,
        deviceId: a.deviceId,
        sessionId: a.sessionId,
        decisionId: a.id,
        clientIp: a.clientIp ?? '',
        country: a.country,
        asn: a.asn,
        isp: a.isp,
        vpnScore: a.vpnScore ?? 0,
        reasons: a.reasons,
        networkTypeClient: a.networkTypeClient,
        networkTypeAsn: a.networkTypeAsn ?? 'unknown',
        note: '',
        resolvedBy: null,
        resolvedAt: null,
        createdAt: a.createdAt,
      });
      await this.outbox.add(m, 'FilterReviewRequested', {
        ticketId,
        telegramId: Number(a.telegramId),
        deviceId: a.deviceId,
        sessionId: a.sessionId ?? '',
        reasons: a.reasons,
        country: a.country ?? '',
        vpnScore: a.vpnScore ?? 0,
        requestedAt: a.createdAt.toISOString(),
      });
    });
  }

  async list(r: ReviewListInput): Promise<filter.ListReviewsResponse> {
    const status = r.status as ReviewQuery['status'];
    if (!STATUSES.includes(status)) {
      throw new FilterException(
        FilterErrorCode.InvalidArgument,
        `status must be one of ${STATUSES.join(', ')}`,
      );
    }
    const [rows, total] = await this.repo.list({
      status,
      telegramId: r.telegramId,
      limit: Math.min(Math.max(r.limit || 20, 1), 100),
      offset: Math.max(r.offset, 0),
    });
    return { reviews: rows.map(toProto), total };
  }

  /** Approve or reject a pending ticket; emits FilterReviewResolved. */
  async resolve(admin: UserId, r: ResolveInput): Promise<filter.ResolveReviewResponse> {
    if (r.action !== 'approve' && r.action !== 'reject') {
      throw new FilterException(
        FilterErrorCode.InvalidReviewAction,
        'action must be approve or reject',
      );
    }
    const resolution = r.action === 'approve' ? 'approved' : 'rejected';
    const review = await this.tx.run(async (m) => {
      const row = await this.repo.lockOne(m, r.ticketId);
      if (!row)
        throw new FilterException(FilterErrorCode.ReviewNotFound, `No review ticket ${r.ticketId}`);
      if (row.status !== 'pending') {
        throw new FilterException(
          FilterErrorCode.ReviewAlreadyResolved,
          `Ticket ${r.ticketId} is already ${row.status}`,
          {
            review_status: row.status,
          },
        );
      }
      row.status = resolution;
      row.note = r.note;
      row.resolvedBy = String(admin);
      row.resolvedAt = new Date();
      await this.repo.save(m, row);
      await this.audits.markOverride(m, row.decisionId, admin);
      await this.outbox.add(m, 'FilterReviewResolved', {
        ticketId: row.ticketId,
        telegramId: Number(row.telegramId),
        deviceId: row.deviceId,
        sessionId: row.sessionId ?? '',
        decisionId: row.decisionId,
        resolution,
        note: r.note,
        resolvedBy: admin,
        resolvedAt: row.resolvedAt.toISOString(),
      });
      await this.outbox.add(m, 'AdminActionRecorded', {
        service: 'filter-svc',
        actorId: admin,
        action: `filter.review.${r.action}`,
        target: `review:${row.ticketId}`,
        detailsJson: JSON.stringify({
          telegram_id: Number(row.telegramId),
          decision_id: row.decisionId,
          note: r.note,
        }),
        ip: '',
        occurredAt: row.resolvedAt.toISOString(),
      });
      return row;
    });
    if (resolution === 'approved' && review.clientIp) {
      await this.grants.grant(userId(Number(review.telegramId)), review.clientIp, review.ticketId);
    }
    this.logger.info(
      { ticket_id: review.ticketId, resolution, admin_id: admin, ip: maskIp(review.clientIp) },
      'filter review resolved',
    );
    return { review: toProto(review) };
  }
}

function toProto(r: FilterReviewEntity): filter.Review {
  return {
    ticketId: r.ticketId,
    status: filterNames.reviewStatus.parse(r.status) ?? 0,
    telegramId: Number(r.telegramId),
    deviceId: r.deviceId,
    sessionId: r.sessionId ?? '',
    decisionId: r.decisionId,
    clientIp: r.clientIp,
    country: r.country ?? '',
    asn: Number(r.asn ?? 0),
    isp: r.isp ?? '',
    vpnScore: r.vpnScore,
    reasons: r.reasons,
    networkTypeClient: commonNames.networkType.parse(r.networkTypeClient) ?? 0,
    networkTypeAsn: r.networkTypeAsn,
    createdAt: r.createdAt.toISOString(),
    resolvedBy: Number(r.resolvedBy ?? 0),
    resolvedAt: r.resolvedAt?.toISOString() ?? '',
    note: r.note,
  };
}
