import type { ReactNode } from 'react';

import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog';
import type { Loaded } from './hooks';

export function Card({
  title,
  children,
  id,
}: {
  title?: string;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="card" aria-labelledby={title && id ? id : undefined}>
      {title && (
        <h2 className="card-title" id={id}>
          {title}
        </h2>
      )}
      {children}
    </section>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  const { error: words } = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {words(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** Loading / error (with retry) / content of a Loaded value. */
export function Async<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (state.error && state.data === undefined) {
    return (
      <div>
        <ErrorText error={state.error} />
        <button type="button" onClick={state.reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (state.data === undefined) return <p aria-busy="true">{t('app.loading')}</p>;
  return <>{children(state.data)}</>;
}

export function Stat({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
    >
      <div className="progress-bar" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A screen whose API is not in this server's OpenAPI document yet: said plainly, no data. */
export function ComingWith({ feature }: { feature: string }) {
  const { t } = useI18n();
  return <Notice>{t('app.comingWith', { feature })}</Notice>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}` as MessageKey;
  const known = ['active', 'completed', 'failed', 'interrupted', 'pending'].includes(status);
  return <span className={`badge badge-${status}`}>{known ? t(key) : status}</span>;
}
