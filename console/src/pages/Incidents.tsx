import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, qs } from '../api';
import type { IncidentPage } from '../api';
import { Badge, ErrorBox, Loading, Pager, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

const LIMIT = 50;
const STATES = ['new', 'triaging', 'containing', 'resolved', 'closed'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const SORTS = ['-created', 'created', '-severity', 'response_due', 'resolution_due', '-updated'];

export function Incidents() {
  const s = useSession();
  const { t, lang } = s;
  const [params, setParams] = useSearchParams();
  const filters = {
    state: params.get('state') ?? '',
    severity: params.get('severity') ?? '',
    assignee: params.get('assignee') ?? '',
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? '-created',
  };
  const offset = Number(params.get('offset') ?? '0') || 0;
  const [assignee, setAssignee] = useState(filters.assignee);
  const [text, setText] = useState(filters.q);
  const page = useLoad<IncidentPage>(
    (signal) => api('/api/v1/incidents' + qs({ ...filters, offset, limit: LIMIT }), { signal }),
    [params.toString()],
  );
  function set(next: Partial<typeof filters> & { offset?: number }) {
    const merged: Record<string, string> = { ...filters, ...next, offset: String(next.offset ?? 0) } as Record<string, string>;
    for (const k of Object.keys(merged)) if (!merged[k] || merged[k] === '0') delete merged[k];
    setParams(merged);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    set({ assignee: assignee.trim(), q: text.trim() });
  }
  return (
    <div className="page">
      <h1>{t('incidents.title')}</h1>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('incidents.state')}
          <select data-testid="filter-state" value={filters.state} onChange={(e) => set({ state: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value="new,triaging,containing">{t('incidents.open')}</option>
            {STATES.map((x) => (
              <option key={x} value={x}>{t(('state.' + x.toUpperCase()) as Key)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.severity')}
          <select value={filters.severity} onChange={(e) => set({ severity: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {SEVERITIES.map((x) => (
              <option key={x} value={x}>{t(('severity.' + x.toUpperCase()) as Key)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.assignee')}
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} size={12} />
        </label>
        <button type="button" onClick={() => { setAssignee(s.me!.username); set({ assignee: s.me!.username }); }}>
          {t('incidents.mine')}
        </button>
        <label>
          {t('incidents.name')}
          <input value={text} onChange={(e) => setText(e.target.value)} size={16} />
        </label>
        <label>
          {t('incidents.sort')}
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value })}>
            {SORTS.map((x) => (
              <option key={x} value={x}>{t(('incidents.sort.' + x) as Key)}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={page.error} />
      <section className="card">
        <div className="row between">
          <h2 data-testid="incidents-total">{page.data ? t('incidents.total', { total: page.data.total }) : t('incidents.title')}</h2>
          <Loading when={page.loading} />
        </div>
        <table className="table" data-testid="incidents">
          <thead>
            <tr>
              <th>{t('incidents.id')}</th>
              <th>{t('incidents.severity')}</th>
              <th>{t('incidents.name')}</th>
              <th>{t('incidents.state')}</th>
              <th>{t('incidents.assignee')}</th>
              <th>{t('incidents.sla')}</th>
              <th>{t('incidents.created')}</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.incidents ?? []).map((i) => {
              const sla = i.state === 'RESOLVED' || i.state === 'CLOSED' ? i.sla.resolution : i.sla.response === 'MET' ? i.sla.resolution : i.sla.response;
              return (
                <tr key={i.id}>
                  <td>#{i.id}</td>
                  <td><Badge kind={i.severity}>{t(('severity.' + i.severity) as Key)}</Badge></td>
                  <td><Link to={'/incidents/' + i.id}>{i.title}</Link></td>
                  <td><Badge kind={'s-' + i.state}>{t(('state.' + i.state) as Key)}</Badge></td>
                  <td>{i.assignee ?? <span className="muted">{t('incidents.unassigned')}</span>}</td>
                  <td><Badge kind={sla}>{t(('sla.' + sla) as Key)}</Badge></td>
                  <td>{fmtTime(i.createdAt, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {page.data && page.data.incidents.length === 0 && <p className="muted">{t('common.none')}</p>}
        {page.data && <Pager offset={offset} limit={LIMIT} total={page.data.total} onChange={(o) => set({ offset: o })} />}
      </section>
    </div>
  );
}
