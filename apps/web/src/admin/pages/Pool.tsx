// The traffic pool for superadmins: devices sharing now, distinct exit IPs, countries and free
// slots; the relay nodes with their devices, streams and setup latency; registering a node;
// and the IP rotation check per API key.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, Notice, Stat } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

function AddNode({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [url, setUrl] = useState('');
  const [region, setRegion] = useState('');
  const add = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/traffic/pool/add', {
        body: { node_id: id.trim(), url: url.trim(), region: region.trim() },
      }),
    );
    onAdded();
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add.call();
  };
  return (
    <Card title={t('admin.pool.add')} id="pool-add">
      <form className="row" onSubmit={submit}>
        <Field label={t('admin.pool.nodeId')}>
          <input
            data-testid="node-id"
            value={id}
            onChange={(e) => setId(e.target.value)}
            maxLength={64}
            required
          />
        </Field>
        <Field label={t('admin.pool.url')}>
          <input
            data-testid="node-url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            maxLength={300}
            required
            placeholder="wss://"
          />
        </Field>
        <Field label={t('admin.pool.region')}>
          <input
            data-testid="node-region"
            value={region}
            onChange={(e) => setRegion(e.target.value.toLowerCase())}
            maxLength={32}
            required
          />
        </Field>
        <button type="submit" disabled={add.pending}>
          {t('admin.add')}
        </button>
      </form>
      {add.result && <Notice>{t('admin.pool.added')}</Notice>}
      <ErrorText error={add.error} />
    </Card>
  );
}

function RotationCheck() {
  const i = useI18n();
  const { t } = i;
  const [key, setKey] = useState('');
  const [minutes, setMinutes] = useState('60');
  const check = useAction(() =>
    unwrap(
      api.GET('/api/admin/traffic/pool/check', {
        params: {
          query: { minutes: Number(minutes) || 60, ...(key.trim() ? { key_id: key.trim() } : {}) },
        },
      }),
    ),
  );
  return (
    <Card title={t('admin.pool.check')} id="pool-check">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void check.call();
        }}
      >
        <Field label={t('admin.pool.key')}>
          <input value={key} onChange={(e) => setKey(e.target.value)} maxLength={64} />
        </Field>
        <Field label={t('admin.pool.minutes')}>
          <input
            value={minutes}
            onChange={(e) => setMinutes(e.target.value.replace(/\D/g, ''))}
            inputMode="numeric"
          />
        </Field>
        <button type="submit" data-testid="pool-check" disabled={check.pending}>
          {t('admin.pool.run')}
        </button>
      </form>
      <ErrorText error={check.error} />
      {check.result &&
        (check.result.keys.length === 0 ? (
          <p className="hint">{t('app.empty')}</p>
        ) : (
          <ul className="list" data-testid="rotation">
            {check.result.keys.map((k) => (
              <li key={k.key_id}>
                <span className="mono">{k.key_id}</span> · {t('admin.pool.connections')}:{' '}
                {k.connections} · {t('admin.pool.ips')}: {k.distinct_exit_ips} · {i.mb(k.mb)}
              </li>
            ))}
          </ul>
        ))}
    </Card>
  );
}

export function AdminPoolPage() {
  const i = useI18n();
  const { t } = i;
  const pool = useLoad(() => unwrap(api.GET('/api/admin/traffic/pool')), []);
  return (
    <>
      <h1>{t('admin.trafficPool')}</h1>
      <Async state={pool}>
        {(p) => (
          <>
            <Card>
              <div className="grid" data-testid="pool-summary">
                <Stat label={t('admin.pool.devices')} value={i.number(p.devices_sharing)} />
                <Stat label={t('admin.pool.ips')} value={i.number(p.distinct_ips)} />
                <Stat
                  label={t('admin.pool.streams')}
                  value={i.number(p.streams_open)}
                  sub={t('admin.pool.free', { free: p.free_slots, size: p.pool_size })}
                />
                <Stat label={t('admin.pool.speed')} value={`${i.number(p.mb_per_s, 2)} MB/s`} />
              </div>
              {p.countries.length > 0 && (
                <p className="hint">
                  {t('admin.pool.countries')}:{' '}
                  {p.countries.map((c) => `${c.country} ${c.devices}`).join(' · ')}
                </p>
              )}
              <button type="button" className="secondary" onClick={pool.reload}>
                {t('balance.refresh')}
              </button>
            </Card>
            <Card title={t('admin.pool.nodes')} id="pool-nodes">
              {p.nodes.length === 0 ? (
                <p className="hint">{t('app.empty')}</p>
              ) : (
                <div
                  className="table-wrap"
                  tabIndex={0}
                  role="region"
                  aria-label={t('admin.pool.nodes')}
                >
                  <table data-testid="pool-nodes">
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.pool.node')}</th>
                        <th scope="col">{t('admin.pool.region')}</th>
                        <th scope="col">{t('admin.wd.status')}</th>
                        <th scope="col">{t('admin.pool.lastSeen')}</th>
                        <th scope="col">{t('admin.pool.devices')}</th>
                        <th scope="col">{t('admin.pool.streams')}</th>
                        <th scope="col">{t('admin.pool.setup')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.nodes.map((n) => (
                        <tr key={n.id}>
                          <td>
                            {n.id}
                            <div className="hint mono">{n.url}</div>
                          </td>
                          <td>{n.region}</td>
                          <td className={n.status === 'up' ? 'ok' : 'down'}>
                            {t(`pstatus.${n.status}` as MessageKey)}
                          </td>
                          <td>{i.dateTime(n.last_heartbeat_at ?? undefined)}</td>
                          <td>
                            {n.devices.length}
                            {n.devices.length > 0 && (
                              <div className="hint">
                                {n.devices
                                  .slice(0, 5)
                                  .map((d) => `${d.telegram_id} ${d.country} ${d.exit_ip}`)
                                  .join(', ')}
                              </div>
                            )}
                          </td>
                          <td>{n.streams_open}</td>
                          <td>
                            {i.number(n.setup_p50_ms)} / {i.number(n.setup_p99_ms)} ms
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          </>
        )}
      </Async>
      <AddNode onAdded={pool.reload} />
      <RotationCheck />
    </>
  );
}
