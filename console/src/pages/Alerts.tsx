import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, qs } from '../api';
import type { SearchResult } from '../api';
import { Badge, ErrorBox, Loading, Pager, TimeRangePicker, fmtTime, rangeParams, useLoad, useSession } from '../app';
import { EventDetails, useSearchState } from './Events';

const LIMIT = 50;

export function Alerts() {
  const { t, lang } = useSession();
  const state = useSearchState('7d');
  const [text, setText] = useState(state.q);
  const [open, setOpen] = useState<string | null>(null);
  const rp = rangeParams(state.range);
  const result = useLoad<SearchResult>(
    (signal) => api('/api/v1/alerts' + qs({ q: state.q, ...rp, offset: state.offset, limit: LIMIT }), { signal }),
    [JSON.stringify([state.q, rp, state.offset])],
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    state.update({ q: text.trim() });
  }
  return (
    <div className="page">
      <h1>{t('alerts.title')}</h1>
      <form className="searchbar" onSubmit={submit} role="search">
        <label className="grow">
          <span className="sr-only">{t('events.query')}</span>
          <input aria-label={t('events.query')} placeholder={t('events.queryHint')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <TimeRangePicker value={state.range} onChange={(r) => state.update({ range: r })} />
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={result.error} />
      <section className="card">
        <div className="row between">
          <h2>{result.data ? t('alerts.total', { total: result.data.total }) : t('alerts.title')}</h2>
          <Loading when={result.loading} />
        </div>
        <table className="table">
          <thead>
            <tr>
              <th>{t('common.time')}</th>
              <th>{t('alerts.level')}</th>
              <th>{t('alerts.rule')}</th>
              <th>{t('alerts.host')}</th>
              <th>{t('alerts.source')}</th>
              <th>{t('common.details')}</th>
            </tr>
          </thead>
          <tbody>
            {(result.data?.events ?? []).map((a, i) => {
              const id = a._id ?? String(i);
              const level = String(a['medsoc.alert.level'] ?? '');
              return [
                <tr key={id}>
                  <td>{fmtTime(a['@timestamp'], lang)}</td>
                  <td>{level && <Badge kind={level}>{level}</Badge>}</td>
                  <td>{String(a['rule.name'] ?? '')}</td>
                  <td>{String(a['host.name'] ?? '')}</td>
                  <td>{String(a['source.ip'] ?? '')}</td>
                  <td>
                    <button type="button" className="link" aria-expanded={open === id} onClick={() => setOpen(open === id ? null : id)}>
                      {open === id ? t('common.close') : t('common.details')}
                    </button>
                  </td>
                </tr>,
                open === id && (
                  <tr key={id + '-d'}>
                    <td colSpan={6}>
                      <EventDetails event={a} />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
        {result.data && result.data.events.length === 0 && <p className="muted">{t('common.none')}</p>}
        {result.data && <Pager offset={state.offset} limit={LIMIT} total={result.data.total} onChange={(o) => state.update({ offset: o })} />}
      </section>
    </div>
  );
}
