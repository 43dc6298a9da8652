// The withdrawal blacklist for admins and moderators: addresses whose withdrawals wait for a
// manual review. The list (newest first, paged), adding an address (EIP-55 checked as it is
// typed) and taking one off — each with a mandatory note, audited by the service.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { AddressHint } from '../../mini/screens/Withdraw';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';
import { checkAddress, isSendable } from '../../wallet/address';

type Entry =
  paths['/api/admin/withdraws/blacklist']['get']['responses'][200]['content']['application/json']['entries'][number];

export const BLACKLIST_PAGE = 50;

function RemoveRow({ entry, onDone }: { entry: Entry; onDone: (address: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const remove = useAction(async () => {
    const answer = await unwrap(
      api.DELETE('/api/admin/withdraws/blacklist/{address}', {
        params: { path: { address: entry.address } },
        body: { note: note.trim() },
      }),
    );
    onDone(entry.address);
    return answer;
  });
  if (!open) {
    return (
      <button
        type="button"
        className="secondary"
        data-remove={entry.address}
        onClick={() => setOpen(true)}
      >
        {t('admin.remove')}
        {/* The accessible name says which address (and starts with the visible text). */}{' '}
        <span className="visually-hidden">{entry.address}</span>
      </button>
    );
  }
  return (
    <form
      className="row"
      data-testid="bl-remove-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (note.trim() !== '') void remove.call();
      }}
    >
      <Field label={t('admin.wd.note')}>
        <input
          data-testid="bl-remove-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          required
          autoFocus
        />
      </Field>
      <button
        type="submit"
        className="danger"
        data-testid="bl-remove-confirm"
        disabled={remove.pending || note.trim() === ''}
      >
        {t('admin.bl.confirmRemove')}
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        {t('app.cancel')}
      </button>
      <ErrorText error={remove.error} />
    </form>
  );
}

export function BlacklistPage() {
  const i = useI18n();
  const { t } = i;
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/admin/withdraws/blacklist', {
          params: { query: { limit: BLACKLIST_PAGE, offset } },
        }),
      ),
    [offset],
  );
  const [address, setAddress] = useState('');
  const [note, setNote] = useState('');
  const [removed, setRemoved] = useState<string>();
  const state = checkAddress(address);
  const add = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/withdraws/blacklist', {
        body: { address: address.trim(), note: note.trim() },
      }),
    );
    setAddress('');
    setNote('');
    setRemoved(undefined);
    if (offset === 0) list.reload();
    else setOffset(0);
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (isSendable(state) && note.trim() !== '') void add.call();
  };
  return (
    <>
      <h1>{t('admin.blacklist')}</h1>
      <p className="hint">{t('admin.bl.intro')}</p>
      <Card title={t('admin.bl.add')} id="bl-add">
        <form onSubmit={submit} data-testid="bl-add-form">
          <Field label={t('withdraw.address')}>
            <input
              className="mono"
              data-testid="bl-address"
              value={address}
              onChange={(e) => setAddress(e.target.value.trim())}
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="bl-address-state"
              aria-invalid={state.kind === 'bad_format' || state.kind === 'bad_checksum'}
              required
            />
          </Field>
          <AddressHint state={state} id="bl-address-state" />
          <Field label={t('admin.wd.note')}>
            <input
              data-testid="bl-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              required
            />
          </Field>
          <button
            type="submit"
            className="danger"
            data-testid="bl-add"
            disabled={add.pending || !isSendable(state) || note.trim() === ''}
          >
            {t('admin.bl.addButton')}
          </button>
        </form>
        {add.result && !add.error && (
          <Notice>
            {t(add.result.created ? 'admin.bl.added' : 'admin.bl.updated', {
              address: add.result.entry.address,
            })}
          </Notice>
        )}
        {removed && <Notice>{t('admin.bl.removed', { address: removed })}</Notice>}
        <ErrorText error={add.error} />
      </Card>
      <Card title={t('admin.bl.list')} id="bl-list">
        <Async state={list}>
          {(data) =>
            data.entries.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <>
                <p className="hint" data-testid="bl-total">
                  {t('admin.bl.total', {
                    from: data.offset + 1,
                    to: data.offset + data.entries.length,
                    total: data.total,
                  })}
                </p>
                <div
                  className="table-wrap"
                  tabIndex={0}
                  role="region"
                  aria-label={t('admin.bl.list')}
                >
                  <table data-testid="bl-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('withdraw.address')}</th>
                        <th scope="col">{t('admin.bl.reason')}</th>
                        <th scope="col">{t('admin.bl.addedBy')}</th>
                        <th scope="col">{t('tx.date')}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t('admin.remove')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.entries.map((e) => (
                        <tr key={e.address} data-address={e.address}>
                          <td className="mono">{e.address}</td>
                          <td>{e.reason}</td>
                          <td>{e.added_by ?? '—'}</td>
                          <td>{i.dateTime(e.created_at)}</td>
                          <td>
                            <RemoveRow
                              entry={e}
                              onDone={(gone) => {
                                add.reset();
                                setRemoved(gone);
                                list.reload();
                              }}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="row">
                  <button
                    type="button"
                    className="secondary"
                    disabled={data.offset === 0}
                    onClick={() => setOffset(Math.max(0, offset - BLACKLIST_PAGE))}
                  >
                    {t('admin.prev')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={data.offset + data.entries.length >= data.total}
                    onClick={() => setOffset(offset + BLACKLIST_PAGE)}
                  >
                    {t('admin.next')}
                  </button>
                </div>
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}
