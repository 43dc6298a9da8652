// Withdraw USDT (BEP20): amount and address (EIP-55 checked while typing) → confirmation
// (with the 2FA code when 2FA is on) → POST /api/withdraw with an Idempotency-Key → the status
// polled until it is final, with the tx hash and its BscScan link; the last 5 below.
//
// One key per confirmed attempt: retrying after no answer, a 5xx or "still in progress" sends
// the same key (the server answers the original request instead of paying twice); any change of
// amount, address or code, or a definite answer, starts a new attempt with a new key.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';

import { ApiError, api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { bindMainButton, haptic } from '../../telegram/webapp';
import { Async, Card, ErrorText, Field, Stat } from '../../ui/components';
import { useLoad } from '../../ui/hooks';
import { checkAddress, isSendable, type AddressState } from '../../wallet/address';

export type Withdrawal =
  paths['/api/withdraws/{id}']['get']['responses'][200]['content']['application/json']['withdraw'];
type Accepted = paths['/api/withdraw']['post']['responses'][202]['content']['application/json'];

const FINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'canceled']);
export const POLL_MS = 2_000;

/** A random UUID v4 (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Whether an error leaves the attempt open (the same key is sent again on retry). */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return (
    err.code === 'network_error' || err.status >= 500 || err.code === 'idempotency_in_progress'
  );
}

/** A positive amount with at most 6 decimals, as the API takes it. */
export function parseAmount(text: string): string | undefined {
  const value = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,6})?$/.test(value) || Number(value) <= 0) return undefined;
  return value;
}

export function WithdrawStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const known = [
    'reserving',
    'pending',
    'pending_manual_review',
    'processing',
    'completed',
    'failed',
    'canceled',
  ].includes(status);
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {known ? t(`wstatus.${status}` as MessageKey) : status}
    </span>
  );
}

/** What the address field says while it is typed (EIP-55 checksum, length, format). */
export function AddressHint({ state, id = 'address-state' }: { state: AddressState; id?: string }) {
  const { t } = useI18n();
  let text = '';
  let cls = 'hint';
  switch (state.kind) {
    case 'empty':
      return null;
    case 'incomplete':
      text = t('withdraw.addressIncomplete', { count: state.count });
      break;
    case 'bad_format':
      text = t('withdraw.addressBadFormat');
      cls = 'error';
      break;
    case 'bad_checksum':
      text = t('withdraw.addressBadChecksum');
      cls = 'error';
      break;
    case 'no_checksum':
      text = t('withdraw.addressNoChecksum');
      break;
    case 'ok':
      text = `✓ ${t('withdraw.addressOk')}`;
      cls = 'ok';
      break;
  }
  return (
    <p className={cls} id={id} data-testid={id} data-kind={state.kind}>
      {text}
    </p>
  );
}

function TxLink({ w }: { w: Pick<Withdrawal, 'tx_hash' | 'tx_url'> }) {
  const { t } = useI18n();
  if (!w.tx_hash) return null;
  return (
    <p>
      {t('withdraw.tx')}: <span className="mono">{w.tx_hash}</span>{' '}
      {w.tx_url && (
        <a href={w.tx_url} target="_blank" rel="noreferrer" data-testid="bscscan">
          {t('withdraw.bscscan')}
        </a>
      )}
    </p>
  );
}

function Amounts({ w }: { w: Pick<Withdrawal, 'amount_usd' | 'fee_usd' | 'net_usdt'> }) {
  const i = useI18n();
  const { t } = i;
  return (
    <div className="grid">
      <Stat label={t('withdraw.gross')} value={i.usd(w.amount_usd)} />
      <Stat label={t('withdraw.fee')} value={<span data-testid="fee">{i.usd(w.fee_usd)}</span>} />
      <Stat
        label={t('withdraw.net')}
        value={<span data-testid="net">{`${i.number(w.net_usdt, 2)} USDT`}</span>}
      />
    </div>
  );
}

/** Polls one withdrawal until its status is final. */
function Tracking({
  accepted,
  pollMs,
  onFinal,
  onNew,
}: {
  accepted: Accepted;
  pollMs: number;
  onFinal: () => void;
  onNew: () => void;
}) {
  const { t } = useI18n();
  const [w, setW] = useState<Withdrawal>();
  const [error, setError] = useState<unknown>();
  const finalRef = useRef(onFinal);
  finalRef.current = onFinal;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const answer = await unwrap(
          api.GET('/api/withdraws/{id}', { params: { path: { id: accepted.withdraw_id } } }),
        );
        if (!live) return;
        setW(answer.withdraw);
        setError(undefined);
        if (FINAL.has(answer.withdraw.status)) {
          haptic(answer.withdraw.status === 'completed' ? 'success' : 'error');
          finalRef.current();
          return;
        }
      } catch (err) {
        if (!live) return;
        setError(err);
      }
      timer = setTimeout(() => void poll(), pollMs);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [accepted.withdraw_id, pollMs]);
  const status = w?.status ?? accepted.status;
  return (
    <Card title={t('withdraw.accepted')} id="withdraw-tracking">
      <p role="status" data-testid="withdraw-status">
        <WithdrawStatus status={status} />
        {!FINAL.has(status) && <span className="hint"> {t('withdraw.tracking')}</span>}
      </p>
      {status === 'pending_manual_review' && <p className="hint">{t('withdraw.review')}</p>}
      <Amounts w={w ?? accepted} />
      {w && <p className="mono hint">{w.wallet_address}</p>}
      {w && <TxLink w={w} />}
      {w?.failure_reason && (
        <p className="error">{t('withdraw.reason', { reason: w.failure_reason })}</p>
      )}
      <ErrorText error={error} />
      {w && FINAL.has(w.status) && (
        <button type="button" onClick={onNew}>
          {t('withdraw.new')}
        </button>
      )}
    </Card>
  );
}

export function RecentWithdrawals({ rows }: { rows: readonly Withdrawal[] }) {
  const i = useI18n();
  const { t } = i;
  if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
  return (
    <ul className="list" data-testid="recent-withdrawals">
      {rows.map((w) => (
        <li key={w.id}>
          <div className="row">
            <strong>{i.usd(w.amount_usd)}</strong>
            <WithdrawStatus status={w.status} />
            <span className="hint">{i.dateTime(w.created_at)}</span>
          </div>
          <div className="hint mono">
            {w.wallet_address.slice(0, 8)}…{w.wallet_address.slice(-6)} ·{' '}
            {`${i.number(w.net_usdt, 2)} USDT`}
            {w.tx_url && (
              <>
                {' · '}
                <a href={w.tx_url} target="_blank" rel="noreferrer">
                  {t('withdraw.bscscan')}
                </a>
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

interface Draft {
  readonly amount: string;
  readonly address: string;
}

export function WithdrawScreen({ pollMs = POLL_MS }: { pollMs?: number }) {
  const i = useI18n();
  const { t } = i;
  const balance = useLoad(() => unwrap(api.GET('/api/user/balance')), []);
  const profile = useLoad(() => unwrap(api.GET('/api/user/profile')), []);
  const recent = useLoad(
    () => unwrap(api.GET('/api/withdraws', { params: { query: { limit: 5 } } })),
    [],
  );
  const twoFactor = profile.data?.two_factor_enabled ?? false;
  const available = balance.data?.balance.usd;
  const usd = available;
  const usdt = balance.data?.balance.usdt_equivalent;
  const rate = usd && usdt ? usdt / usd : undefined;

  const [amount, setAmount] = useState('');
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<Draft>();
  const [formError, setFormError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const [accepted, setAccepted] = useState<Accepted>();
  const attempt = useRef<{ key: string; fingerprint: string }>(undefined);
  const addressState = checkAddress(address);

  const toConfirm = (e?: FormEvent) => {
    e?.preventDefault();
    const value = parseAmount(amount);
    if (!value) return setFormError(t('withdraw.invalidAmount'));
    if (!isSendable(addressState)) return setFormError(t('errors.invalid_address'));
    setFormError(undefined);
    setError(undefined);
    // A checksummed address is sent as typed; one without a checksum as typed too (the server
    // accepts both and stores the checksummed form).
    setDraft({ amount: value, address: address.trim() });
  };

  const confirm = useCallback(async () => {
    if (!draft || pending) return;
    const body = {
      amount_usd: draft.amount,
      wallet_address: draft.address,
      network: 'BEP20',
      ...(twoFactor ? { two_factor_code: code } : {}),
    };
    const fingerprint = JSON.stringify(body);
    if (attempt.current?.fingerprint !== fingerprint) {
      attempt.current = { key: newIdempotencyKey(), fingerprint };
    }
    const key = attempt.current.key;
    setPending(true);
    setError(undefined);
    try {
      const answer = await unwrap(
        api.POST('/api/withdraw', { body, headers: { 'Idempotency-Key': key } }),
      );
      attempt.current = undefined;
      haptic('success');
      setAccepted(answer);
      setDraft(undefined);
      setCode('');
      recent.reload();
      balance.reload();
    } catch (err) {
      if (!isRetryable(err)) attempt.current = undefined;
      haptic('error');
      setError(err);
    } finally {
      setPending(false);
    }
  }, [draft, pending, twoFactor, code, recent, balance]);

  // Telegram's MainButton does the step's main action inside Telegram.
  useEffect(() => {
    if (accepted) return undefined;
    return draft
      ? bindMainButton(t('withdraw.confirm'), () => void confirm())
      : bindMainButton(t('withdraw.continue'), () => toConfirm());
  });

  const reset = () => {
    setAccepted(undefined);
    setAmount('');
    setAddress('');
    setError(undefined);
  };

  return (
    <>
      <h1>{t('withdraw.title')}</h1>
      {accepted ? (
        <Tracking
          accepted={accepted}
          pollMs={pollMs}
          onFinal={() => {
            recent.reload();
            balance.reload();
          }}
          onNew={reset}
        />
      ) : draft ? (
        <Card title={t('withdraw.confirmTitle')} id="withdraw-confirm">
          <dl className="facts">
            <dt>{t('withdraw.amount')}</dt>
            <dd data-testid="confirm-amount">{i.usd(Number(draft.amount), 6)}</dd>
            <dt>{t('withdraw.address')}</dt>
            <dd className="mono" data-testid="confirm-address">
              {draft.address}
            </dd>
            <dt>{t('withdraw.network')}</dt>
            <dd>BEP20 (BNB Smart Chain)</dd>
          </dl>
          {rate !== undefined && (
            <p>{t('withdraw.usdtEstimate', { usdt: i.number(Number(draft.amount) * rate, 2) })}</p>
          )}
          <p className="hint">{t('withdraw.feeNote')}</p>
          {twoFactor && (
            <Field label={t('withdraw.code')}>
              <input
                data-testid="withdraw-code"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
            </Field>
          )}
          <ErrorText error={error} />
          <div className="row">
            <button
              type="button"
              data-testid="withdraw-confirm"
              onClick={() => void confirm()}
              disabled={pending || (twoFactor && code.length !== 6)}
            >
              {t('withdraw.confirm')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft(undefined);
                setError(undefined);
              }}
            >
              {t('withdraw.edit')}
            </button>
          </div>
        </Card>
      ) : (
        <Card>
          <Async state={balance}>
            {() => <p>{t('withdraw.available', { amount: i.usd(available) })}</p>}
          </Async>
          <form onSubmit={toConfirm} noValidate>
            <Field label={t('withdraw.amount')}>
              <div className="row">
                <input
                  data-testid="withdraw-amount"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  inputMode="decimal"
                  autoComplete="off"
                  required
                />
                {available !== undefined && available > 0 && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setAmount(String(Math.floor(available * 1e6) / 1e6))}
                  >
                    {t('withdraw.max')}
                  </button>
                )}
              </div>
            </Field>
            <Field label={t('withdraw.address')}>
              <input
                data-testid="withdraw-address"
                className="mono"
                value={address}
                onChange={(e) => setAddress(e.target.value.trim())}
                aria-describedby="address-state"
                aria-invalid={
                  addressState.kind === 'bad_format' || addressState.kind === 'bad_checksum'
                }
                autoComplete="off"
                spellCheck={false}
                placeholder="0x…"
                required
              />
            </Field>
            <div aria-live="polite">
              <AddressHint state={addressState} />
            </div>
            <Field label={t('withdraw.network')}>
              <select value="BEP20" onChange={() => undefined}>
                <option value="BEP20">BEP20 (BNB Smart Chain)</option>
              </select>
            </Field>
            {formError && (
              <p className="error" role="alert">
                {formError}
              </p>
            )}
            <ErrorText error={error} />
            <button type="submit" data-testid="withdraw-continue">
              {t('withdraw.continue')}
            </button>
          </form>
        </Card>
      )}
      <Card title={t('withdraw.recent')} id="withdraw-recent">
        <Async state={recent}>{(r) => <RecentWithdrawals rows={r.withdraws} />}</Async>
      </Card>
    </>
  );
}
