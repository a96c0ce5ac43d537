import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, qs } from '../api';
import type { EventDoc, Histogram, SearchResult, TopValues } from '../api';
import { Chart, ErrorBox, Loading, Pager, TimeRangePicker, fillBuckets, fmtTime, rangeInterval, rangeParams, useLoad, useSession } from '../app';
import type { RangeKey, TimeRange } from '../app';

const LIMIT = 50;

/** Reads the query, range and page from the address bar, so that a search can be linked and reloaded. */
export function useSearchState(defaultRange: RangeKey) {
  const [params, setParams] = useSearchParams();
  const range: TimeRange = {
    key: (params.get('range') as RangeKey) || defaultRange,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? '0') || 0;
  const update = (next: { q?: string; range?: TimeRange; offset?: number }) => {
    const r = next.range ?? range;
    const p: Record<string, string> = {};
    const nq = next.q ?? q;
    if (nq) p.q = nq;
    p.range = r.key;
    if (r.key === 'custom') {
      if (r.from) p.from = r.from;
      if (r.to) p.to = r.to;
    }
    const no = next.offset ?? 0;
    if (no) p.offset = String(no);
    setParams(p);
  };
  return { q, range, offset, update };
}

export function summary(e: EventDoc): string {
  const v = e['message'] ?? e['process.command_line'] ?? e['event.action'] ?? e['event.original'];
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function EventDetails({ event }: { event: EventDoc }) {
  return (
    <table className="kv">
      <tbody>
        {Object.entries(event).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{Array.isArray(v) ? v.join(', ') : String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function quote(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

export function Events() {
  const s = useSession();
  const { t, lang } = s;
  const state = useSearchState('24h');
  const [text, setText] = useState(state.q);
  const [field, setField] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const rp = rangeParams(state.range);
  const key = JSON.stringify([state.q, rp, state.offset]);

  const result = useLoad<SearchResult>(
    (signal) => api('/api/v1/events' + qs({ q: state.q, ...rp, offset: state.offset, limit: LIMIT }), { signal }),
    [key],
  );
  const histogram = useLoad<Histogram>(
    (signal) => api('/api/v1/events/histogram' + qs({ q: state.q, ...rp, interval: rangeInterval(state.range) }), { signal }),
    [JSON.stringify([state.q, rp])],
  );
  const top = useLoad<TopValues | null>(
    (signal) => (field ? api<TopValues>('/api/v1/events/top' + qs({ field, size: 10, q: state.q, ...rp }), { signal }) : Promise.resolve(null)),
    [field, JSON.stringify([state.q, rp])],
  );
  const fields = useMemo(() => {
    const set = new Set<string>();
    for (const e of result.data?.events ?? []) for (const k of Object.keys(e)) if (k !== 'event.original' && k !== '_id') set.add(k);
    return [...set].sort();
  }, [result.data]);
  const buckets = useMemo(
    () => fillBuckets(histogram.data?.buckets ?? [], state.range, rangeInterval(state.range)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [histogram.data],
  );
  const chart = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: buckets.map((b) => fmtTime(b.time, lang)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('events.histogram'), data: buckets.map((b) => b.count), itemStyle: { color: '#0b7a75' } }],
    }),
    [buckets, lang, t],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    state.update({ q: text.trim() });
  }
  function addFilter(f: string, v: string) {
    const clause = `${f}:${quote(v)}`;
    const next = state.q && state.q !== '*' ? `${state.q} AND ${clause}` : clause;
    setText(next);
    state.update({ q: next });
  }
  function toggle(id: string) {
    const n = new Set(open);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    setOpen(n);
  }

  return (
    <div className="page">
      <h1>{t('events.title')}</h1>
      <form className="searchbar" onSubmit={submit} role="search">
        <label className="grow">
          <span className="sr-only">{t('events.query')}</span>
          <input
            data-testid="query"
            aria-label={t('events.query')}
            placeholder={t('events.queryHint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <TimeRangePicker value={state.range} onChange={(r) => state.update({ range: r })} />
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={result.error} />
      <section className="card">
        <h2 className="sr-only">{t('events.histogram')}</h2>
        <Chart option={chart} height={140} label={t('events.histogram')} />
      </section>
      <div className="with-side">
        <aside className="card side" aria-label={t('events.fields')}>
          <h2>{t('events.fields')}</h2>
          <p className="muted small">{t('events.fieldsHint')}</p>
          <ul className="fields">
            {fields.map((f) => (
              <li key={f}>
                <button type="button" className={'link' + (f === field ? ' active' : '')} aria-pressed={f === field} onClick={() => setField(f === field ? null : f)}>
                  {f}
                </button>
                {f === field && (
                  <div className="topvalues" aria-live="polite">
                    <Loading when={top.loading} />
                    <ErrorBox error={top.error} />
                    <ol>
                      {(top.data?.values ?? []).map((v) => (
                        <li key={v.value}>
                          <button type="button" className="link" title={t('events.addFilter', { field: f, value: v.value })} onClick={() => addFilter(f, v.value)}>
                            {v.value}
                          </button>
                          <span className="count">{v.count}</span>
                        </li>
                      ))}
                    </ol>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </aside>
        <section className="card grow" aria-busy={result.loading}>
          <div className="row between">
            <h2 data-testid="events-total">{result.data ? t('events.total', { total: result.data.total }) : t('events.title')}</h2>
            <Loading when={result.loading} />
          </div>
          {result.data && result.data.events.length === 0 && <p className="muted">{t('common.none')}</p>}
          <ul className="events">
            {(result.data?.events ?? []).map((e, i) => {
              const id = e._id ?? String(i);
              const expanded = open.has(id);
              return (
                <li key={id} className="event">
                  <button type="button" className="event-head" aria-expanded={expanded} onClick={() => toggle(id)}>
                    <time>{fmtTime(e['@timestamp'], lang)}</time>
                    <span className="host">{String(e['host.name'] ?? e['source.ip'] ?? '')}</span>
                    <span className="summary">{summary(e)}</span>
                  </button>
                  {expanded && <EventDetails event={e} />}
                  {expanded && typeof e['host.name'] === 'string' && s.can('INCIDENTS_READ') && (
                    <Link className="related" to={'/incidents' + qs({ q: e['host.name'] as string })}>
                      {t('events.relatedIncidents', { host: e['host.name'] as string })} →
                    </Link>
                  )}
                </li>
              );
            })}
          </ul>
          {result.data && <Pager offset={state.offset} limit={LIMIT} total={result.data.total} onChange={(o) => state.update({ offset: o })} />}
        </section>
      </div>
    </div>
  );
}
