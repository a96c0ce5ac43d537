import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, idText, qs } from '../api';
import type { EnrolmentCode, NodeOverview, RegionView, Trace, WarningDelivery } from '../api';
import { Badge, Chart, ErrorBox, Loading, Notice, errorText, fmtDuration, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

const LIFECYCLE = ['SENT', 'RECEIVED', 'ACKNOWLEDGED', 'DISPOSED', 'VERIFIED'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Where a warning is in its lifecycle, each stage marked done / current / to come. */
function Lifecycle({ w }: { w: WarningDelivery }) {
  const { t, lang } = useSession();
  const at: Record<string, string | undefined> = { SENT: w.sentAt, RECEIVED: w.receivedAt, ACKNOWLEDGED: w.acknowledgedAt, DISPOSED: w.disposedAt, VERIFIED: w.verifiedAt };
  const index = LIFECYCLE.indexOf(w.state);
  return (
    <ol className="lifecycle" aria-label={t('hub.lifecycle')}>
      {LIFECYCLE.map((st, i) => (
        <li key={st} className={i < index ? 'done' : i === index ? 'current' : 'todo'} aria-current={i === index ? 'step' : undefined} title={at[st] ? fmtTime(at[st], lang) : undefined}>
          {t(('warning.' + st) as Key)}
        </li>
      ))}
    </ol>
  );
}

function NodesTable({ nodes }: { nodes: NodeOverview[] }) {
  const { t, lang } = useSession();
  const sorted = [...nodes].sort((a, b) => (b.riskScore ?? -1) - (a.riskScore ?? -1));
  return (
    <table className="table" data-testid="hub-nodes">
      <thead>
        <tr>
          <th>{t('hub.node')}</th><th>{t('hub.health')}</th><th>{t('hub.lastHeartbeat')}</th><th className="num">{t('overview.open')}</th>
          <th className="num">{t('hub.warningsOpen')}</th><th className="num">{t('hub.slaCompliance')}</th><th>{t('hub.posture')}</th><th className="num">{t('hub.risk')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((n) => (
          <tr key={idText(n.node)} className={n.silent || n.state === 'REVOKED' ? 'row-overdue' : ''}>
            <td><b>{n.name}</b><div className="muted small">{n.tenant} · <code>{idText(n.node)}</code></div></td>
            <td>
              {n.state === 'REVOKED' ? <Badge kind="neutral">{t('hub.revoked')}</Badge>
                : n.silent ? <Badge kind="breached">{t('hub.silent')}</Badge>
                  : n.health ? <Badge kind={'h-' + n.health}>{t(('health.' + n.health) as Key)}</Badge> : <span className="muted">—</span>}
            </td>
            <td>{n.lastHeartbeat ? fmtTime(n.lastHeartbeat, lang) : <span className="muted">{t('hub.never')}</span>}</td>
            <td className="num">{n.openIncidents}</td>
            <td className="num">{n.openWarnings}{n.overdueWarnings > 0 && <> <Badge kind="breached">{t('hub.overdueN', { n: n.overdueWarnings })}</Badge></>}</td>
            <td className="num">{n.slaCompliance !== undefined ? (n.slaCompliance * 100).toFixed(0) + '%' : '—'}</td>
            <td className="small">{n.posture ? t('hub.postureText', { assets: n.posture.assets, crit: n.posture.criticalVulnerabilities, overdue: n.posture.overdueVulnerabilities }) : '—'}</td>
            <td className="num">{n.riskScore !== undefined ? <Badge kind={n.riskScore >= 70 ? 'critical' : n.riskScore >= 40 ? 'high' : 'low'}>{n.riskScore}</Badge> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Warnings({ nodes, onChanged }: { nodes: NodeOverview[]; onChanged: () => void }) {
  const s = useSession();
  const { t, lang } = s;
  const [state, setState] = useState('');
  const [overdue, setOverdue] = useState(false);
  const list = useLoad<{ warnings: WarningDelivery[] }>(
    (signal) => api('/api/v1/hub/warnings' + qs({ state: state.toLowerCase(), overdue: overdue ? 'true' : '' }), { signal, tenant: false }), [state, overdue]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ title: '', description: '', severity: 'high', actions: '', deadline: localInput(Date.now() + 24 * 3_600_000), nodes: [] as string[] });
  async function verify(w: WarningDelivery) {
    setError(null);
    try {
      await api('/api/v1/hub/warnings/' + w.directiveId + '/nodes/' + encodeURIComponent(idText(w.node)) + '/verify', { method: 'POST', body: {}, tenant: false });
      setNotice(t('hub.verified', { title: w.title }));
      list.reload();
      onChanged();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  async function issue(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const r = await api<{ directiveId: number; deliveries: unknown[] }>('/api/v1/hub/warnings', {
        method: 'POST', tenant: false,
        body: {
          title: form.title.trim(), description: form.description, severity: form.severity,
          requiredActions: form.actions.split('\n').map((x) => x.trim()).filter(Boolean),
          deadline: new Date(form.deadline).toISOString(),
          ...(form.nodes.length > 0 ? { nodes: form.nodes } : {}),
        },
      });
      setNotice(t('hub.issued', { id: r.directiveId, n: Array.isArray(r.deliveries) ? r.deliveries.length : 0 }));
      setForm({ ...form, title: '', description: '', actions: '' });
      list.reload();
      onChanged();
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  const field = (k: 'title' | 'description' | 'severity' | 'actions' | 'deadline') => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  return (
    <>
      <section className="card">
        <div className="row between wrap">
          <h2>{t('hub.warnings')}</h2>
          <div className="filters">
            <label>{t('incidents.state')}
              <select value={state} onChange={(e) => setState(e.target.value)} data-testid="warning-state">
                <option value="">{t('common.all')}</option>
                {LIFECYCLE.map((x) => <option key={x} value={x}>{t(('warning.' + x) as Key)}</option>)}
              </select>
            </label>
            <label className="check"><input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="warning-overdue" /> {t('hub.overdueOnly')}</label>
            <button type="button" onClick={list.reload} data-testid="warnings-refresh">{t('common.refresh')}</button>
            <Loading when={list.loading} />
          </div>
        </div>
        <ErrorBox error={list.error} />
        {error && <div className="msg error" role="alert">{error}</div>}
        <Notice text={notice} />
        <table className="table" data-testid="hub-warnings">
          <thead><tr><th>{t('hub.warning')}</th><th>{t('hub.node')}</th><th>{t('hub.lifecycle')}</th><th>{t('hub.deadline')}</th><th>{t('common.actions')}</th></tr></thead>
          <tbody>
            {(list.data?.warnings ?? []).map((w) => {
              const left = new Date(w.deadline).getTime() - Date.now();
              return (
                <tr key={w.directiveId + ':' + idText(w.node)} className={w.overdue ? 'row-overdue' : ''}>
                  <td><b>{w.title}</b><div className="muted small">#{w.directiveId} · {fmtTime(w.sentAt, lang)}</div>{w.evidence && <div className="small">{t('hub.evidence')}: {w.evidence}</div>}</td>
                  <td>{w.tenant}<div className="muted small"><code>{idText(w.node)}</code></div></td>
                  <td><Lifecycle w={w} />{w.acknowledgedBy && <div className="muted small">{w.acknowledgedBy}</div>}</td>
                  <td>{fmtTime(w.deadline, lang)}<div className="small">{w.overdue ? <Badge kind="breached">{t('incident.overdueBy', { time: fmtDuration(left) })}</Badge>
                    : w.state !== 'VERIFIED' && w.state !== 'DISPOSED' ? <span className="muted">{t('incident.left', { time: fmtDuration(left) })}</span> : null}</div></td>
                  <td>{w.state === 'DISPOSED' && <button type="button" onClick={() => verify(w)}>{t('hub.verify')}</button>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {list.data && list.data.warnings.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
      <section className="card">
        <h2>{t('hub.issue')}</h2>
        <form className="stack" onSubmit={issue} data-testid="issue-warning">
          <div className="filters">
            <label className="grow">{t('hub.warningTitle')}<input required {...field('title')} /></label>
            <label>{t('incidents.severity')}
              <select {...field('severity')}>{SEVERITIES.map((x) => <option key={x} value={x}>{t(('severity.' + x.toUpperCase()) as Key)}</option>)}</select>
            </label>
            <label>{t('hub.deadline')}<input type="datetime-local" required {...field('deadline')} /></label>
          </div>
          <label>{t('incident.description')}<textarea rows={2} required {...field('description')} /></label>
          <label>{t('hub.requiredActions')}<textarea rows={3} placeholder={t('hub.requiredActionsHint')} {...field('actions')} /></label>
          <fieldset className="targets">
            <legend>{t('hub.targets')}</legend>
            {nodes.filter((n) => n.state === 'ACTIVE').map((n) => (
              <label key={idText(n.node)} className="check">
                <input type="checkbox" checked={form.nodes.includes(idText(n.node))}
                  onChange={(e) => setForm({ ...form, nodes: e.target.checked ? [...form.nodes, idText(n.node)] : form.nodes.filter((x) => x !== idText(n.node)) })} />
                {n.name} <span className="muted small">({n.tenant})</span>
              </label>
            ))}
            <p className="muted small">{t('hub.targetsHint')}</p>
          </fieldset>
          <div><button type="submit" className="primary">{t('hub.issueButton')}</button></div>
        </form>
      </section>
    </>
  );
}

function TraceForm() {
  const { t, lang } = useSession();
  const [form, setForm] = useState({ indicator: '', from: localInput(Date.now() - 7 * 86_400_000), to: localInput(Date.now()) });
  const [trace, setTrace] = useState<Trace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [polling, setPolling] = useState(false);
  const timer = useRef<number | null>(null);
  useEffect(() => () => { if (timer.current) window.clearTimeout(timer.current); }, []);
  function poll(id: number, until: number) {
    timer.current = window.setTimeout(async () => {
      try {
        const next = await api<Trace>('/api/v1/hub/traces/' + id, { tenant: false });
        setTrace(next);
        if (next.nodes.some((n) => n.status === 'PENDING') && Date.now() < until) poll(id, until);
        else setPolling(false);
      } catch (e) {
        setError(errorText(t, e));
        setPolling(false);
      }
    }, 1000);
  }
  async function start(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setTrace(null);
    if (timer.current) window.clearTimeout(timer.current);
    try {
      const created = await api<Trace>('/api/v1/hub/traces', {
        method: 'POST', tenant: false,
        body: { indicator: form.indicator.trim(), from: new Date(form.from).toISOString(), to: new Date(form.to).toISOString() },
      });
      setTrace(created);
      if (created.nodes.some((n) => n.status === 'PENDING')) {
        setPolling(true);
        poll(created.id, Date.now() + 5 * 60_000);
      }
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  const done = trace ? trace.nodes.filter((n) => n.status !== 'PENDING').length : 0;
  const total = trace?.nodes.length ?? 0;
  const hits = trace ? trace.nodes.reduce((a, n) => a + n.count, 0) : 0;
  return (
    <section className="card">
      <h2>{t('hub.trace')}</h2>
      <form className="filters" onSubmit={start} data-testid="trace-form">
        <label className="grow">{t('hub.indicator')}<input required value={form.indicator} onChange={(e) => setForm({ ...form, indicator: e.target.value })} placeholder="203.0.113.7" /></label>
        <label>{t('range.from')}<input type="datetime-local" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} /></label>
        <label>{t('range.to')}<input type="datetime-local" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} /></label>
        <button type="submit" className="primary" disabled={polling}>{t('hub.traceStart')}</button>
      </form>
      {error && <div className="msg error" role="alert">{error}</div>}
      {trace && (
        <div className="stack" data-testid="trace-result">
          <div className="upload-progress">
            <progress max={Math.max(1, total)} value={done} aria-label={t('hub.traceProgress')} />
            <span role="status" aria-live="polite" className="muted small">
              {polling && <span className="spinner" aria-hidden="true" />} {t('hub.traceStatus', { done, total, hits })}
            </span>
          </div>
          <table className="table">
            <thead><tr><th>{t('hub.node')}</th><th>{t('incidents.state')}</th><th className="num">{t('hub.hits')}</th><th>{t('hub.firstSeen')}</th><th>{t('hub.lastSeen')}</th></tr></thead>
            <tbody>
              {trace.nodes.map((n) => (
                <tr key={idText(n.node)} className={n.count > 0 ? 'row-hit' : ''}>
                  <td>{n.tenant}<div className="muted small"><code>{idText(n.node)}</code></div></td>
                  <td><Badge kind={'t-' + n.status}>{t(('traceStatus.' + n.status) as Key)}</Badge>{n.error && <div className="msg error small">{n.error}</div>}</td>
                  <td className="num">{n.status === 'ANSWERED' ? n.count : '—'}</td>
                  <td>{fmtTime(n.firstSeen, lang)}</td>
                  <td>{fmtTime(n.lastSeen, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Enrol() {
  const { t, lang, tenants } = useSession();
  const [form, setForm] = useState({ tenant: '', nodeName: '' });
  const [code, setCode] = useState<EnrolmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCode(null);
    try {
      setCode(await api<EnrolmentCode>('/api/v1/hub/enrolment-codes', { method: 'POST', tenant: false, body: { tenant: form.tenant.trim(), nodeName: form.nodeName.trim() } }));
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  return (
    <section className="card">
      <h2>{t('hub.enrol')}</h2>
      <form className="filters" onSubmit={create}>
        <label>{t('audit.tenant')}<input required list="hub-tenants" value={form.tenant} onChange={(e) => setForm({ ...form, tenant: e.target.value })} /></label>
        <datalist id="hub-tenants">{tenants.map((x) => <option key={x} value={x} />)}</datalist>
        <label>{t('hub.nodeName')}<input required value={form.nodeName} onChange={(e) => setForm({ ...form, nodeName: e.target.value })} /></label>
        <button type="submit" className="primary">{t('hub.enrolButton')}</button>
      </form>
      {error && <div className="msg error" role="alert">{error}</div>}
      {code && <div className="msg ok" role="status">{t('hub.codeIs')} <code className="code" data-testid="enrol-code">{code.code}</code> · {t('hub.codeExpires', { time: fmtTime(code.expiresAt, lang) })}</div>}
    </section>
  );
}

export function Hub() {
  const s = useSession();
  const { t } = s;
  const region = useLoad<RegionView>((signal) => api('/api/v1/hub/region', { signal, tenant: false }), []);
  const r = region.data;
  const bar = (names: string[], values: number[], color: string) => ({
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 200, overflow: 'truncate' } },
    series: [{ type: 'bar', data: values, itemStyle: { color } }],
  });
  const threats = useMemo(() => bar((r?.topThreats ?? []).map((x) => x.name), (r?.topThreats ?? []).map((x) => x.hits), '#b3261e'), [r]);
  const indicators = useMemo(() => bar((r?.topIndicators ?? []).map((x) => x.kind + ' ' + x.value), (r?.topIndicators ?? []).map((x) => x.sightings), '#e8710a'), [r]);
  const silent = (r?.nodes ?? []).filter((n) => n.silent).length;
  return (
    <div className="page">
      <div className="row between">
        <h1>{t('hub.title')}</h1>
        <button type="button" onClick={region.reload}>{t('common.refresh')}</button>
      </div>
      <ErrorBox error={region.error} />
      <Loading when={region.loading} />
      {r && (
        <>
          <div className="kpis">
            <div className="card kpi"><span className="kpi-label">{t('hub.nodes')}</span><span className="kpi-value" data-testid="kpi-nodes">{r.nodes.length}</span></div>
            <div className={'card kpi' + (silent > 0 ? ' alarm' : '')}><span className="kpi-label">{t('hub.silentNodes')}</span><span className="kpi-value">{silent}</span></div>
            <div className="card kpi"><span className="kpi-label">{t('hub.regionIncidents')}</span><span className="kpi-value">{r.openIncidents.length}</span></div>
            <div className="card kpi"><span className="kpi-label">{t('hub.warningsOpen')}</span><span className="kpi-value">{r.warnings?.open ?? '–'}</span></div>
            <div className={'card kpi' + ((r.warnings?.overdue ?? 0) > 0 ? ' alarm' : '')}><span className="kpi-label">{t('hub.warningsOverdue')}</span><span className="kpi-value">{r.warnings?.overdue ?? '–'}</span></div>
            <div className="card kpi"><span className="kpi-label">{t('hub.regionSla')}</span><span className="kpi-value" data-testid="kpi-sla">{typeof r.sla?.compliance === 'number' ? Math.round(r.sla.compliance * 100) + '%' : '–'}</span></div>
          </div>
          <section className="card">
            <h2>{t('hub.nodes')}</h2>
            <NodesTable nodes={r.nodes} />
            {r.nodes.length === 0 && <p className="muted">{t('hub.noNodes')}</p>}
          </section>
          <div className="grid2">
            <section className="card">
              <h2>{t('hub.topThreats')}</h2>
              {r.topThreats.length === 0 ? <p className="muted">{t('common.none')}</p> : <Chart option={threats} label={t('hub.topThreats')} />}
            </section>
            <section className="card">
              <h2>{t('hub.topIndicators')}</h2>
              {r.topIndicators.length === 0 ? <p className="muted">{t('common.none')}</p> : <Chart option={indicators} label={t('hub.topIndicators')} />}
            </section>
          </div>
          <section className="card">
            <h2>{t('hub.regionIncidents')}</h2>
            <table className="table" data-testid="hub-incidents">
              <thead><tr><th>{t('incidents.severity')}</th><th>{t('incidents.name')}</th><th>{t('hub.node')}</th><th>{t('incidents.state')}</th><th>{t('hub.opened')}</th></tr></thead>
              <tbody>
                {r.openIncidents.map((i) => (
                  <tr key={idText(i.node) + i.incidentRef}>
                    <td><Badge kind={i.severity.toUpperCase()}>{t(('severity.' + i.severity.toUpperCase()) as Key)}</Badge></td>
                    <td>{i.title} <span className="muted small">{i.incidentRef}</span></td>
                    <td>{i.tenant}</td>
                    <td><Badge kind={'s-' + i.state.toUpperCase()}>{t(('state.' + i.state.toUpperCase()) as Key)}</Badge></td>
                    <td>{fmtTime(i.openedAt, s.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {r.openIncidents.length === 0 && <p className="muted">{t('common.none')}</p>}
          </section>
          <Warnings nodes={r.nodes} onChanged={region.reload} />
          <TraceForm />
          <Enrol />
        </>
      )}
    </div>
  );
}
