import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

// Hand-written: applies transfers per INSERT statement instead of per row. An income batch
// inserts one transfer per user, all debiting the traffic expense account; per-row application
// updated that one row N times in one transaction (a HOT chain walked N² times). Per statement:
// lock every touched account in id order, compute each entry's balance_after as a running sum
// (transfer id order), refuse the whole statement when any user account would go below zero,
// write the entries, and update each account once. The CHECK on accounts still backs it up.
export class LedgerBatchApply1795304400000 implements MigrationInterface {
  name = 'LedgerBatchApply1795304400000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    const postings = `
      WITH ordered AS (
        SELECT id, debit_account_id, credit_account_id, amount, row_number() OVER (ORDER BY id) AS ord FROM new_rows
      ), postings AS (
        SELECT o.id AS transfer_id, p.account_id, p.amount, o.ord, p.leg
        FROM ordered o
        CROSS JOIN LATERAL (VALUES (o.debit_account_id, -o.amount, 0), (o.credit_account_id, o.amount, 1)) AS p(account_id, amount, leg)
      ), running AS (
        SELECT p.transfer_id, p.account_id, p.amount, p.ord, p.leg, a.kind,
               a.balance + sum(p.amount) OVER (PARTITION BY p.account_id ORDER BY p.ord, p.leg) AS balance_after
        FROM postings p JOIN "${s}".accounts a ON a.id = p.account_id
      )`;
    await q.query(`DROP TRIGGER "TRG_transfers_apply" ON "${s}"."transfers"`);
    await q.query(`
      CREATE OR REPLACE FUNCTION "${s}".ledger_apply_transfers() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        wanted int;
        locked int;
        overdrawn text;
      BEGIN
        SELECT count(*) INTO wanted FROM (SELECT debit_account_id FROM new_rows UNION SELECT credit_account_id FROM new_rows) ids;
        IF wanted = 0 THEN
          RETURN NULL;
        END IF;
        SELECT count(*) INTO locked FROM (
          SELECT a.id FROM "${s}".accounts a
          WHERE a.id IN (SELECT debit_account_id FROM new_rows UNION SELECT credit_account_id FROM new_rows)
          ORDER BY a.id FOR UPDATE
        ) l;
        IF locked <> wanted THEN
          RAISE EXCEPTION 'a transfer names an unknown account' USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- Only a statement that debits a user account can take one below zero (income batches
        -- debit platform accounts alone and skip the pass).
        IF EXISTS (SELECT 1 FROM new_rows r JOIN "${s}".accounts a ON a.id = r.debit_account_id
                   WHERE a.kind IN ('user_available', 'user_held')) THEN
          ${postings}
          SELECT transfer_id INTO overdrawn FROM running
            WHERE kind IN ('user_available', 'user_held') AND balance_after < 0 LIMIT 1;
          IF overdrawn IS NOT NULL THEN
            RAISE EXCEPTION 'insufficient balance for transfer %', overdrawn
              USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_accounts_user_non_negative';
          END IF;
        END IF;
        ${postings}
        INSERT INTO "${s}".entries (transfer_id, account_id, amount, balance_after)
          SELECT transfer_id, account_id, amount, balance_after FROM running ORDER BY ord, leg;
        PERFORM set_config('ledger.applying', 'on', true);
        UPDATE "${s}".accounts a SET balance = a.balance + d.total, updated_at = now()
          FROM (
            SELECT account_id, sum(amount) AS total FROM (
              SELECT debit_account_id AS account_id, -amount AS amount FROM new_rows
              UNION ALL SELECT credit_account_id, amount FROM new_rows
            ) x GROUP BY account_id
          ) d
          WHERE a.id = d.account_id;
        PERFORM set_config('ledger.applying', 'off', true);
        RETURN NULL;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_transfers_apply" AFTER INSERT ON "${s}"."transfers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${s}".ledger_apply_transfers()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TRIGGER "TRG_transfers_apply" ON "${s}"."transfers"`);
    await q.query(`DROP FUNCTION "${s}".ledger_apply_transfers()`);
    await q.query(
      `CREATE TRIGGER "TRG_transfers_apply" AFTER INSERT ON "${s}"."transfers" FOR EACH ROW EXECUTE FUNCTION "${s}".ledger_apply_transfer()`,
    );
  }
}
