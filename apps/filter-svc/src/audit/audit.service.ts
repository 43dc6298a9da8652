import { Injectable } from '@nestjs/common';

import { commonNames, filterNames, type filter } from '@trafficshare/contracts';
import { roleNames } from '@trafficshare/identity';

import { AuditRepository } from './audit.repository';
import { AuditWriter } from './audit-writer.service';
import type { FilterAuditEntity } from './filter-audit.entity';

@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly writer: AuditWriter,
  ) {}

  async bySession(sessionId: string): Promise<filter.GetSessionAuditResponse> {
    await this.writer.flush();
    const rows = sessionId ? await this.repo.bySession(sessionId) : [];
    return { entries: rows.map(toProto) };
  }
}

export function toProto(r: FilterAuditEntity): filter.AuditEntry {
  return {
    id: r.id,
    sessionId: r.sessionId ?? '',
    telegramId: Number(r.telegramId),
    deviceId: r.deviceId,
    userRole: roleNames.parse(r.userRole) ?? 0,
    clientIp: r.clientIp ?? '',
    country: r.country ?? '',
    region: r.region ?? '',
    asn: Number(r.asn ?? 0),
    isp: r.isp ?? '',
    isProxy: r.isProxy,
    vpnScore: r.vpnScore ?? 0,
    networkTypeClient: commonNames.networkType.parse(r.networkTypeClient) ?? 0,
    networkTypeAsn: r.networkTypeAsn ?? '',
    checkSequenceJson: JSON.stringify(r.checkSequence),
    providerResponsesJson: JSON.stringify(r.providerResponses),
    finalDecision: filterNames.decision.parse(r.finalDecision) ?? 0,
    reasons: r.reasons,
    dryRun: r.dryRun,
    ticketId: r.ticketId ?? '',
    adminOverrideBy: Number(r.adminOverrideBy ?? 0),
    requestedBy: Number(r.requestedBy ?? 0),
    policyVersion: r.policyVersion,
    cacheHit: r.cacheHit,
    createdAt: r.createdAt.toISOString(),
  };
}
