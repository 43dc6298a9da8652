import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

// Hand-written (the generator diffs tables only): the ledger's invariants live in the database.
// - Balances change only through `ledger_apply_transfer` (AFTER INSERT on transfers): it locks
//   both accounts in id order, debits with a conditional UPDATE (a user account never goes
//   below zero; the CHECK on accounts backs it up), credits, and writes the two entries
//   (−amount, +amount), so every transfer and the sum over all accounts stay zero.
// - accounts.balance cannot be written by anything else (guard trigger + a transaction-local flag).
// - Transfers and entries are immutable; a hold's status changes once, pending → posted | voided.
// - Platform accounts exist from the start.
// No FOREIGN KEYs: TypeORM's generator would drop constraints its entities do not declare; the
// apply trigger checks that both accounts exist, and entries are written by the trigger alone.
export class LedgerInvariants1795304060568 implements MigrationInterface {
  name = 'LedgerInvariants1795304060568';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);

    await q.query(`
      CREATE FUNCTION "${s}".ledger_apply_transfer() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        found_accounts int;
        debit_after bigint;
        credit_after bigint;
      BEGIN
        SELECT count(*) INTO found_accounts FROM (
          SELECT id FROM "${s}".accounts
          WHERE id IN (NEW.debit_account_id, NEW.credit_account_id) ORDER BY id FOR UPDATE
        ) locked;
        IF found_accounts <> 2 THEN
          RAISE EXCEPTION 'transfer % names an unknown account', NEW.id USING ERRCODE = 'foreign_key_violation';
        END IF;
        PERFORM set_config('ledger.applying', 'on', true);
        UPDATE "${s}".accounts SET balance = balance - NEW.amount, updated_at = now()
          WHERE id = NEW.debit_account_id
            AND (kind NOT IN ('user_available', 'user_held') OR balance >= NEW.amount)
          RETURNING balance INTO debit_after;
        IF NOT FOUND THEN
          PERFORM set_config('ledger.applying', 'off', true);
          RAISE EXCEPTION 'insufficient balance for transfer %', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_accounts_user_non_negative';
        END IF;
        UPDATE "${s}".accounts SET balance = balance + NEW.amount, updated_at = now()
          WHERE id = NEW.credit_account_id
          RETURNING balance INTO credit_after;
        PERFORM set_config('ledger.applying', 'off', true);
        INSERT INTO "${s}".entries (transfer_id, account_id, amount, balance_after) VALUES
          (NEW.id, NEW.debit_account_id, -NEW.amount, debit_after),
          (NEW.id, NEW.credit_account_id, NEW.amount, credit_after);
        RETURN NULL;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_transfers_apply" AFTER INSERT ON "${s}"."transfers" FOR EACH ROW EXECUTE FUNCTION "${s}".ledger_apply_transfer()`,
    );

    await q.query(`
      CREATE FUNCTION "${s}".ledger_guard_transfer() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'transfers are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        IF (NEW.id, NEW.kind, NEW.telegram_id, NEW.debit_account_id, NEW.credit_account_id, NEW.amount,
            NEW.pending_id, NEW.milli_mb, NEW.reference, NEW.note, NEW.created_at)
           IS DISTINCT FROM
           (OLD.id, OLD.kind, OLD.telegram_id, OLD.debit_account_id, OLD.credit_account_id, OLD.amount,
            OLD.pending_id, OLD.milli_mb, OLD.reference, OLD.note, OLD.created_at) THEN
          RAISE EXCEPTION 'transfers are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status
           AND NOT (OLD.status = 'pending' AND NEW.status IN ('posted', 'voided')) THEN
          RAISE EXCEPTION 'transfer % is already %', OLD.id, OLD.status USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_transfers_guard" BEFORE UPDATE OR DELETE ON "${s}"."transfers" FOR EACH ROW EXECUTE FUNCTION "${s}".ledger_guard_transfer()`,
    );

    await q.query(`
      CREATE FUNCTION "${s}".ledger_guard_entry() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'entries are immutable' USING ERRCODE = 'restrict_violation';
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_entries_guard" BEFORE UPDATE OR DELETE ON "${s}"."entries" FOR EACH ROW EXECUTE FUNCTION "${s}".ledger_guard_entry()`,
    );

    await q.query(`
      CREATE FUNCTION "${s}".ledger_guard_account() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'accounts are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'INSERT' AND NEW.balance <> 0 THEN
          RAISE EXCEPTION 'accounts open at zero' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.balance IS DISTINCT FROM OLD.balance
           AND coalesce(current_setting('ledger.applying', true), '') <> 'on' THEN
          RAISE EXCEPTION 'balances change only through transfers' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_accounts_guard" BEFORE INSERT OR UPDATE OR DELETE ON "${s}"."accounts" FOR EACH ROW EXECUTE FUNCTION "${s}".ledger_guard_account()`,
    );

    await q.query(
      `INSERT INTO "${s}"."accounts" ("code", "kind") VALUES
        ('platform:traffic_expense', 'traffic_expense'),
        ('platform:promo_expense', 'promo_expense'),
        ('platform:payout_clearing', 'payout_clearing'),
        ('platform:manual_adjustment', 'manual_adjustment')
       ON CONFLICT DO NOTHING`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TRIGGER "TRG_accounts_guard" ON "${s}"."accounts"`);
    await q.query(`DROP FUNCTION "${s}".ledger_guard_account()`);
    await q.query(`DROP TRIGGER "TRG_entries_guard" ON "${s}"."entries"`);
    await q.query(`DROP FUNCTION "${s}".ledger_guard_entry()`);
    await q.query(`DROP TRIGGER "TRG_transfers_guard" ON "${s}"."transfers"`);
    await q.query(`DROP FUNCTION "${s}".ledger_guard_transfer()`);
    await q.query(`DROP TRIGGER "TRG_transfers_apply" ON "${s}"."transfers"`);
    await q.query(`DROP FUNCTION "${s}".ledger_apply_transfer()`);
    await q.query(`DELETE FROM "${s}"."accounts" WHERE "code" LIKE 'platform:%' AND "balance" = 0`);
  }
}
