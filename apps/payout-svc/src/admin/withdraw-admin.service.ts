import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { nextExportCursor, parseExportPage } from '@trafficshare/grpc';
import { requireRole, type CallerInfo, type UserId } from '@trafficshare/identity';

import { AuditRepository, type AuditRow } from '../common/audit.repository';
import { isValidAddress } from '../common/address';
import { RiskRepository, type BlacklistEntry } from '../withdraw/risk.repository';
import { WithdrawErrorCode, WithdrawException } from '../withdraw/withdraw.exception';
import {
  WITHDRAW_STATUSES,
  WithdrawRepository,
  type Page,
  type WithdrawRow,
  type WithdrawStatus,
} from '../withdraw/withdraw.repository';
import { WithdrawService } from '../withdraw/withdraw.service';
import { SettlementService } from '../worker/settlement.service';

export type AdminAction = 'approve' | 'reject' | 'retry' | 'mark_paid' | 'blacklist_address';
const ACTIONS: readonly string[] = ['approve', 'reject', 'retry', 'mark_paid', 'blacklist_address'];
const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

/** Admin (superadmin, moderator): lists, details, and the audited actions on a withdrawal. */
@Injectable()
export class WithdrawAdminService {
  constructor(
    private readonly repo: WithdrawRepository,
    private readonly withdraws: WithdrawService,
    private readonly settlement: SettlementService,
    private readonly audit: AuditRepository,
    private readonly risk: RiskRepository,
  ) {}

  list(
    caller: CallerInfo,
    filter: { status: string; telegramId: UserId | undefined },
    page: Page,
  ): Promise<{ rows: WithdrawRow[]; total: number }> {
    requireRole(caller, 'superadmin', 'moderator');
    if (filter.status !== '' && !WITHDRAW_STATUSES.includes(filter.status as WithdrawStatus)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidStatus,
        `status must be one of ${WITHDRAW_STATUSES.join(', ')}`,
      );
    }
    return this.repo.adminList(
      {
        status: (filter.status || undefined) as WithdrawStatus | undefined,
        telegramId: filter.telegramId,
      },
      page,
    );
  }

  /** One page of the withdrawals export (reports): created in [from, to), oldest first. */
  async exportPage(
    caller: CallerInfo,
    r: { from: string; to: string; after: string; limit: number },
  ): Promise<{ rows: WithdrawRow[]; next: string }> {
    requireRole(caller, 'superadmin', 'moderator');
    const q = parseExportPage(r);
    const page = await this.repo.exportPage(q);
    return { rows: page.map((p) => p.row), next: nextExportCursor(page, q.limit, (p) => p.cursor) };
  }

  async details(
    caller: CallerInfo,
    id: string,
  ): Promise<{ withdraw: WithdrawRow; audit: AuditRow[]; history: WithdrawRow[] }> {
    requireRole(caller, 'superadmin', 'moderator');
    const withdraw = await this.withdraws.get(caller, id);
    const [audit, history] = await Promise.all([
      this.audit.forWithdraw(id),
      this.repo.listForOwner(withdraw.telegramId, { limit: 10, offset: 0 }),
    ]);
    return { withdraw, audit, history: history.rows.filter((r) => r.id !== id) };
  }

  async act(
    caller: CallerInfo,
    id: string,
    action: string,
    note: string,
    txHash: string,
  ): Promise<WithdrawRow> {
    requireRole(caller, 'superadmin', 'moderator');
    if (!ACTIONS.includes(action)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidAction,
        `action must be one of ${ACTIONS.join(', ')}`,
      );
    }
    if (note.trim() === '') {
      throw new WithdrawException(
        WithdrawErrorCode.NoteRequired,
        'A note is required for every admin action',
      );
    }
    const row = await this.withdraws.get(caller, id);
    const result = await this.apply(caller, row, action as AdminAction, note.trim(), txHash);
    await this.audit.add({
      withdrawId: row.id,
      kind: 'admin_action',
      endpoint: action,
      actor: caller.telegramId,
      note: note.trim(),
      body: JSON.stringify({
        from: row.status,
        to: result.status,
        tx_hash: txHash || undefined,
        new_withdraw_id: result.id !== row.id ? result.id : undefined,
      }),
    });
    return result;
  }

  private async apply(
    caller: CallerInfo,
    row: WithdrawRow,
    action: AdminAction,
    note: string,
    txHash: string,
  ): Promise<WithdrawRow> {
    const conflict = (): never => {
      throw new WithdrawException(
        WithdrawErrorCode.WithdrawStateConflict,
        `Cannot ${action} a withdrawal that is ${row.status}`,
        { withdraw_status: row.status },
      );
    };
    switch (action) {
      case 'approve': {
        const moved = await this.repo.tx((m) =>
          this.repo.transition(m, row.id, ['pending_manual_review'], 'pending', {
            note,
            nextAttemptInS: 0,
          }),
        );
        return moved ?? conflict();
      }
      case 'reject': {
        if (row.status !== 'pending_manual_review') conflict();
        return (
          (await this.settlement.fail(
            row,
            `Rejected by an admin: ${note}`,
            'canceled',
            ['pending_manual_review'],
            note,
          )) ?? conflict()
        );
      }
      case 'mark_paid': {
        if (!TX_HASH.test(txHash)) {
          throw new WithdrawException(
            WithdrawErrorCode.InvalidAction,
            'mark_paid needs tx_hash (0x + 64 hex)',
          );
        }
        if (row.status !== 'pending_manual_review') conflict();
        return (
          (await this.settlement.complete(row, txHash, ['pending_manual_review'])) ?? conflict()
        );
      }
      case 'retry': {
        if (row.status !== 'failed') conflict();
        return this.retry(row, note);
      }
      case 'blacklist_address': {
        await this.risk.blacklist(row.walletAddress, note, caller.telegramId);
        return row;
      }
    }
  }

  async listBlacklist(
    caller: CallerInfo,
    page: Page,
  ): Promise<{ rows: BlacklistEntry[]; total: number }> {
    requireRole(caller, 'superadmin', 'moderator');
    return this.risk.listBlacklist(page);
  }

  /** Lists an address; the admin's id, the note and the previous reason are audited with it. */
  async addBlacklist(
    caller: CallerInfo,
    address: string,
    note: string,
  ): Promise<{ entry: BlacklistEntry; created: boolean }> {
    requireRole(caller, 'superadmin', 'moderator');
    const clean = this.blacklistInput(address, note);
    return this.repo.tx(async (m) => {
      const res = await this.risk.blacklist(address, clean, caller.telegramId, m);
      await this.audit.add(
        {
          kind: 'admin_action',
          endpoint: 'blacklist_add',
          actor: caller.telegramId,
          note: clean,
          body: JSON.stringify({ address: res.entry.address, created: res.created }),
        },
        m,
      );
      return res;
    });
  }

  /** Takes an address off the list (audited, with what it was listed for); not listed → not found. */
  async removeBlacklist(caller: CallerInfo, address: string, note: string): Promise<boolean> {
    requireRole(caller, 'superadmin', 'moderator');
    const clean = this.blacklistInput(address, note);
    return this.repo.tx(async (m) => {
      const removed = await this.risk.unblacklist(m, address);
      if (!removed) {
        throw new WithdrawException(
          WithdrawErrorCode.AddressNotBlacklisted,
          'This address is not blacklisted',
        );
      }
      await this.audit.add(
        {
          kind: 'admin_action',
          endpoint: 'blacklist_remove',
          actor: caller.telegramId,
          note: clean,
          body: JSON.stringify({
            address: removed.address,
            reason: removed.reason,
            added_by: removed.addedBy,
          }),
        },
        m,
      );
      return true;
    });
  }

  private blacklistInput(address: string, note: string): string {
    if (!/^0x[0-9a-fA-F]{40}$/.test(address) || !isValidAddress(address)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidAddress,
        'address must be 0x + 40 hex characters (mixed case must match its EIP-55 checksum)',
      );
    }
    const clean = note.trim();
    if (clean === '') {
      throw new WithdrawException(
        WithdrawErrorCode.NoteRequired,
        'A note is required for every admin action',
      );
    }
    return clean.slice(0, 500);
  }

  /** A failed withdrawal sent again: a new row (own id, own hold) for the same amount and address. */
  private async retry(row: WithdrawRow, note: string): Promise<WithdrawRow> {
    const id = randomUUID();
    await this.repo.tx((m) =>
      this.repo.insert(
        m,
        {
          ...row,
          id,
          holdId: `withdraw:${id}`,
          riskScore: 0,
          riskFactors: [`retry_of:${row.id}`],
          reviewPriority: 0,
          clientIp: '',
          clientAgent: `admin retry: ${note}`.slice(0, 200),
        },
        0,
      ),
    );
    // Held again now; the worker settles it if the ledger does not answer.
    return (await this.withdraws.holdAndQueue(id)).withdraw;
  }
}
