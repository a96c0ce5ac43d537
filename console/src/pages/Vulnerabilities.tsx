import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, NavLink, useSearchParams } from 'react-router';
import { api, qs } from '../api';
import type { AdvisoryNotice, Finding, FindingCounts, FindingPage, ImportRecord, ScanImportAnswer } from '../api';
import { Badge, ErrorBox, Loading, Notice, Pager, errorText, fmtDuration, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';
import { UploadForm, download } from '../upload';

const LIMIT = 50;
const STATES = ['OPEN', 'IN_PROGRESS', 'REOPENED', 'FIXED', 'ACCEPTED', 'FALSE_POSITIVE'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
const ACTIVE = 'open,in_progress,reopened';

export function VulnTabs() {
  const { t } = useSession();
  return (
    <nav className="subnav" aria-label={t('vulns.sections')}>
      <NavLink to="/vulnerabilities" end>{t('vulns.findings')}</NavLink>
      <NavLink to="/vulnerabilities/plan">{t('vulns.plan')}</NavLink>
      <NavLink to="/vulnerabilities/import">{t('vulns.import')}</NavLink>
      <NavLink to="/vulnerabilities/advisories">{t('advisories.title')}</NavLink>
    </nav>
  );
}

/** The SLA deadline of a finding: the date and how long is left, or by how much it is overdue. */
export function Due({ at, overdue }: { at?: string; overdue: boolean }) {
  const { t, lang } = useSession();
  if (!at) return <span className="muted">—</span>;
  const ms = new Date(at).getTime() - Date.now();
  return (
    <span className={overdue ? 'overdue' : ''}>
      {fmtTime(at, lang)}
      <div className="small">
        {overdue ? <Badge kind="breached">{t('vulns.overdueBy', { time: fmtDuration(ms) })}</Badge> : <span className="muted">{t('incident.left', { time: fmtDuration(ms) })}</span>}
      </div>
    </span>
  );
}

export function Epss({ f }: { f: Finding }) {
  const { t } = useSession();
  if (!f.epss) return <span className="muted">—</span>;
  return (
    <span title={t('vulns.epssTitle')}>
      {(f.epss.epss * 100).toFixed(1)}%
      <div className="muted small">{t('vulns.percentile', { p: (Math.floor(f.epss.percentile * 1000) / 10).toFixed(1) })}</div>
    </span>
  );
}

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** One finding's actions: plan the remediation, mark fixed, ask for a retest. */
function FindingActions({ f, onChanged }: { f: Finding; onChanged: () => void }) {
  const s = useSession();
  const { t } = s;
  const [plan, setPlan] = useState({ owner: f.plan?.owner ?? '', action: f.plan?.action ?? '', due: f.plan?.due?.slice(0, 10) ?? inDays(14) });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!s.can('VULNS_WRITE')) return null;
  async function act(action: string, body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/vulnerabilities/' + f.id + '/' + action, { method: 'POST', body: { version: f.version, ...body } });
      onChanged();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  function submitPlan(e: FormEvent) {
    e.preventDefault();
    act('plan', { owner: plan.owner, action: plan.action, due: new Date(plan.due + 'T00:00:00Z').toISOString() });
  }
  const active = f.state === 'OPEN' || f.state === 'IN_PROGRESS' || f.state === 'REOPENED';
  return (
    <div className="stack">
      {error && <div className="msg error" role="alert" data-testid="finding-error">{error}</div>}
      {active && (
        <form className="filters" onSubmit={submitPlan} aria-label={t('vulns.planIt')}>
          <label>{t('vulns.owner')}<input required value={plan.owner} onChange={(e) => setPlan({ ...plan, owner: e.target.value })} data-testid="plan-owner" /></label>
          <label className="grow">{t('vulns.action')}<input required value={plan.action} onChange={(e) => setPlan({ ...plan, action: e.target.value })} data-testid="plan-action" /></label>
          <label>{t('vulns.due')}<input type="date" required value={plan.due} onChange={(e) => setPlan({ ...plan, due: e.target.value })} /></label>
          <button type="submit" className="primary" disabled={busy} data-testid="plan-save">{t('vulns.planIt')}</button>
        </form>
      )}
      <div className="row wrap">
        {active && <button type="button" disabled={busy} onClick={() => act('fixed', {})}>{t('vulns.markFixed')}</button>}
        {f.state === 'FIXED' && f.retest === 'NONE' && <button type="button" disabled={busy} onClick={() => act('retest', {})}>{t('vulns.retest')}</button>}
      </div>
    </div>
  );
}

/** Findings as table rows that open (Enter/Space on the row's button) to show the details and actions. */
export function FindingRows({ items, onChanged, testid }: { items: Finding[]; onChanged: () => void; testid: string }) {
  const { t, lang } = useSession();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table className="table" data-testid={testid}>
      <thead>
        <tr>
          <th>{t('incidents.severity')}</th>
          <th>{t('vulns.finding')}</th>
          <th>{t('vulns.host')}</th>
          <th>{t('incidents.state')}</th>
          <th>KEV</th>
          <th>EPSS</th>
          <th>{t('vulns.slaDue')}</th>
          <th>{t('vulns.firstSeen')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((f) => (
          <Fragment key={f.id}>
            <tr className={f.overdue ? 'row-overdue' : ''}>
              <td><Badge kind={f.severity}>{t(('vseverity.' + f.severity) as Key)}</Badge></td>
              <td>
                <button type="button" className="link" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? null : f.id)}>{f.title}</button>
                <div className="muted small">{f.cves.join(', ')} {f.cvss3Score !== undefined && <>· CVSS {f.cvss3Score.toFixed(1)}</>}</div>
              </td>
              <td className="small"><code>{f.ip ?? f.hostname ?? f.hostKey}{f.port > 0 ? ':' + f.port : ''}</code>{f.hostname && f.ip && <div className="muted">{f.hostname}</div>}</td>
              <td><Badge kind={'f-' + f.state}>{t(('fstate.' + f.state) as Key)}</Badge></td>
              <td>{f.knownExploited ? <Badge kind="critical">{t('vulns.kev')}</Badge> : <span className="muted">—</span>}</td>
              <td><Epss f={f} /></td>
              <td><Due at={f.dueAt} overdue={f.overdue} /></td>
              <td>{fmtTime(f.firstSeen, lang)}</td>
            </tr>
            {open === f.id && (
              <tr className="detail">
                <td colSpan={8}>
                  <div className="grid2">
                    <table className="kv">
                      <tbody>
                        <tr><th>{t('vulns.scanner')}</th><td>{f.scanner.toLowerCase()} · {f.scannerId}</td></tr>
                        {f.solution && <tr><th>{t('vulns.solution')}</th><td>{f.solution}</td></tr>}
                        {f.kevDue && <tr><th>{t('vulns.kevDue')}</th><td>{fmtTime(f.kevDue, lang)}</td></tr>}
                        {f.plan && <tr><th>{t('vulns.plan')}</th><td>{f.plan.owner}: {f.plan.action} ({fmtTime(f.plan.due, lang)})</td></tr>}
                        {f.acceptance && <tr><th>{t('fstate.ACCEPTED')}</th><td>{f.acceptance.reason} · {f.acceptance.approver} · {fmtTime(f.acceptance.expiresAt, lang)}</td></tr>}
                        {f.falsePositiveReason && <tr><th>{t('fstate.FALSE_POSITIVE')}</th><td>{f.falsePositiveReason}</td></tr>}
                        <tr><th>{t('vulns.retestState')}</th><td>{t(('retest.' + f.retest) as Key)}</td></tr>
                        <tr><th>{t('vulns.lastSeen')}</th><td>{fmtTime(f.lastSeen, lang)}</td></tr>
                        {f.reopenCount > 0 && <tr><th>{t('vulns.reopened')}</th><td>{f.reopenCount}</td></tr>}
                      </tbody>
                    </table>
                    <FindingActions f={f} onChanged={onChanged} />
                  </div>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

export function Vulnerabilities() {
  const s = useSession();
  const { t } = s;
  const [params, setParams] = useSearchParams();
  const filters = {
    state: params.get('state') ?? ACTIVE,
    severity: params.get('severity') ?? '',
    host: params.get('host') ?? '',
    q: params.get('q') ?? '',
    kev: params.get('kev') ?? '',
    overdue: params.get('overdue') ?? '',
    sort: params.get('sort') ?? 'severity',
  };
  const offset = Number(params.get('offset') ?? '0') || 0;
  const [host, setHost] = useState(filters.host);
  const [text, setText] = useState(filters.q);
  const page = useLoad<FindingPage>(
    (signal) => api('/api/v1/vulnerabilities' + qs({ ...filters, offset, limit: LIMIT }), { signal }),
    [params.toString()],
  );
  const counts = useLoad<FindingCounts>((signal) => api('/api/v1/vulnerabilities/counts', { signal }), []);
  function set(next: Partial<typeof filters> & { offset?: number }) {
    const merged: Record<string, string> = { ...filters, ...next, offset: String(next.offset ?? 0) } as Record<string, string>;
    for (const k of Object.keys(merged)) if (!merged[k] || merged[k] === '0') delete merged[k];
    if (!('state' in merged)) merged.state = '';
    setParams(merged);
  }
  const activeBy = (sev: string) => {
    const m = counts.data?.bySeverityAndState[sev] ?? {};
    return (m.OPEN ?? 0) + (m.IN_PROGRESS ?? 0) + (m.REOPENED ?? 0);
  };
  return (
    <div className="page">
      <h1>{t('vulns.title')}</h1>
      <VulnTabs />
      <div className="kpis">
        <button type="button" className="card kpi" onClick={() => set({ severity: 'critical', state: ACTIVE })}>
          <span className="kpi-label">{t('vulns.criticalOpen')}</span>
          <span className="kpi-value" data-testid="kpi-critical">{counts.data ? activeBy('CRITICAL') : '–'}</span>
        </button>
        <button type="button" className={'card kpi' + ((counts.data?.overdue ?? 0) > 0 ? ' alarm' : '')} onClick={() => set({ overdue: 'true' })}>
          <span className="kpi-label">{t('vulns.overdue')}</span>
          <span className="kpi-value" data-testid="kpi-vuln-overdue">{counts.data ? counts.data.overdue : '–'}</span>
        </button>
        <button type="button" className="card kpi" onClick={() => set({ kev: 'true' })}>
          <span className="kpi-label">{t('vulns.kevActive')}</span>
          <span className="kpi-value" data-testid="kpi-kev">{counts.data ? counts.data.knownExploitedActive : '–'}</span>
        </button>
      </div>
      <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); set({ host: host.trim(), q: text.trim() }); }}>
        <label>
          {t('incidents.state')}
          <select data-testid="vuln-state" value={filters.state} onChange={(e) => set({ state: e.target.value })}>
            <option value={ACTIVE}>{t('vulns.active')}</option>
            <option value="">{t('common.all')}</option>
            {STATES.map((x) => <option key={x} value={x.toLowerCase()}>{t(('fstate.' + x) as Key)}</option>)}
          </select>
        </label>
        <label>
          {t('incidents.severity')}
          <select data-testid="vuln-severity" value={filters.severity} onChange={(e) => set({ severity: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {SEVERITIES.map((x) => <option key={x} value={x.toLowerCase()}>{t(('vseverity.' + x) as Key)}</option>)}
          </select>
        </label>
        <label>{t('vulns.hostOrAsset')}<input data-testid="vuln-host" value={host} onChange={(e) => setHost(e.target.value)} size={14} /></label>
        <label>{t('vulns.text')}<input value={text} onChange={(e) => setText(e.target.value)} size={16} /></label>
        <label className="check"><input type="checkbox" checked={filters.kev === 'true'} onChange={(e) => set({ kev: e.target.checked ? 'true' : '' })} /> {t('vulns.kevOnly')}</label>
        <label className="check"><input type="checkbox" checked={filters.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : '' })} /> {t('vulns.overdueOnly')}</label>
        <label>
          {t('incidents.sort')}
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value })}>
            {['severity', 'due', '-epss', '-cvss', '-first_seen', 'host'].map((x) => <option key={x} value={x}>{t(('vulns.sort.' + x) as Key)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={page.error} />
      <section className="card">
        <div className="row between">
          <h2 data-testid="vulns-total">{page.data ? t('vulns.total', { total: page.data.total }) : t('vulns.findings')}</h2>
          <Loading when={page.loading} />
        </div>
        <FindingRows items={page.data?.items ?? []} onChanged={() => { page.reload(); counts.reload(); }} testid="findings" />
        {page.data && page.data.items.length === 0 && <p className="muted">{t('common.none')}</p>}
        {page.data && <Pager offset={offset} limit={LIMIT} total={page.data.total} onChange={(o) => set({ offset: o })} />}
      </section>
    </div>
  );
}

export function RemediationPlan() {
  const s = useSession();
  const { t, lang } = s;
  const page = useLoad<FindingPage>(
    (signal) => api('/api/v1/vulnerabilities' + qs({ state: ACTIVE, sort: 'due', limit: 500 }), { signal }),
    [],
  );
  const [error, setError] = useState<string | null>(null);
  const items = page.data?.items ?? [];
  const planned = items.filter((f) => f.plan);
  const unplanned = items.filter((f) => !f.plan);
  async function exportPlan() {
    setError(null);
    try {
      await download('/api/v1/vulnerabilities/export' + qs({ table: 'plan', lang }), 'remediation-plan.csv');
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <div className="page">
      <h1>{t('vulns.title')}</h1>
      <VulnTabs />
      <ErrorBox error={page.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <section className="card">
        <div className="row between">
          <h2>{t('vulns.planTitle', { count: planned.length })}</h2>
          <div className="row"><Loading when={page.loading} /><button type="button" onClick={exportPlan}>{t('vulns.exportPlan')}</button></div>
        </div>
        <table className="table" data-testid="plan">
          <thead>
            <tr><th>{t('vulns.due')}</th><th>{t('vulns.owner')}</th><th>{t('vulns.action')}</th><th>{t('vulns.finding')}</th><th>{t('vulns.host')}</th><th>{t('vulns.slaDue')}</th></tr>
          </thead>
          <tbody>
            {planned.sort((a, b) => a.plan!.due.localeCompare(b.plan!.due)).map((f) => {
              const late = new Date(f.plan!.due).getTime() < Date.now();
              return (
                <tr key={f.id} className={late || f.overdue ? 'row-overdue' : ''}>
                  <td>{fmtTime(f.plan!.due, lang)}{late && <div><Badge kind="breached">{t('vulns.planLate')}</Badge></div>}</td>
                  <td>{f.plan!.owner}</td>
                  <td>{f.plan!.action}</td>
                  <td><Badge kind={f.severity}>{t(('vseverity.' + f.severity) as Key)}</Badge> {f.title}{f.knownExploited && <> <Badge kind="critical">{t('vulns.kev')}</Badge></>}</td>
                  <td className="small"><code>{f.ip ?? f.hostname ?? f.hostKey}</code></td>
                  <td><Due at={f.dueAt} overdue={f.overdue} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {page.data && planned.length === 0 && <p className="muted">{t('vulns.noPlan')}</p>}
      </section>
      <section className="card">
        <h2>{t('vulns.unplanned', { count: unplanned.length })}</h2>
        <FindingRows items={unplanned.slice(0, 100)} onChanged={page.reload} testid="unplanned" />
      </section>
    </div>
  );
}

export function ScanImport() {
  const s = useSession();
  const { t, lang } = s;
  const [source, setSource] = useState('');
  const [answer, setAnswer] = useState<ScanImportAnswer | null>(null);
  const imports = useLoad<{ imports: ImportRecord[] }>((signal) => api('/api/v1/vulnerabilities/imports', { signal }), []);
  return (
    <div className="page">
      <h1>{t('vulns.title')}</h1>
      <VulnTabs />
      {s.can('VULNS_WRITE') ? (
        <UploadForm<ScanImportAnswer>
          testid="scan-import"
          title={t('vulns.importTitle')}
          accept=".nessus,.xml,.json,.jsonl"
          fields={<label>{t('vulns.source')}<input value={source} onChange={(e) => setSource(e.target.value)} placeholder="weekly-scan" /></label>}
          request={(file) => ({
            path: '/api/v1/vulnerabilities/import' + qs({ source: source.trim() || file.name }),
            contentType: /\.(json|jsonl)$/i.test(file.name) ? 'application/json' : 'application/xml',
          })}
          onDone={(a) => { setAnswer(a); imports.reload(); }}
          result={answer && (
            <div className="result" data-testid="scan-result">
              <p>{t('vulns.importFormat', { format: answer.format })}</p>
              <ul className="counts">
                <li><b>{answer.result.findings}</b> {t('vulns.r.findings')}</li>
                <li><b>{answer.result.created}</b> {t('vulns.r.created')}</li>
                <li><b>{answer.result.seenAgain}</b> {t('vulns.r.seenAgain')}</li>
                <li><b>{answer.result.reopened}</b> {t('vulns.r.reopened')}</li>
                <li><b>{answer.result.fixed}</b> {t('vulns.r.fixed')}</li>
                <li><b>{answer.result.duplicates}</b> {t('vulns.r.duplicates')}</li>
                {answer.assets && <li><b>{answer.assets.created}</b> {t('vulns.r.assetsCreated')} · <b>{answer.assets.updated}</b> {t('vulns.r.assetsUpdated')}</li>}
              </ul>
            </div>
          )}
        />
      ) : <p className="muted">{t('common.readOnly')}</p>}
      <section className="card">
        <h2>{t('vulns.imports')}</h2>
        <ErrorBox error={imports.error} />
        <table className="table" data-testid="imports">
          <thead><tr><th>#</th><th>{t('common.time')}</th><th>{t('vulns.source')}</th><th>{t('vulns.scanner')}</th><th className="num">{t('vulns.hosts')}</th><th className="num">{t('vulns.h.created')}</th><th className="num">{t('vulns.h.seenAgain')}</th><th className="num">{t('vulns.h.fixed')}</th><th>{t('audit.actor')}</th></tr></thead>
          <tbody>
            {(imports.data?.imports ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td><td>{fmtTime(r.importedAt, lang)}</td><td>{r.sourceName}</td><td>{r.scanner.toLowerCase()}</td>
                <td className="num">{r.hosts}</td><td className="num">{r.result.created}</td><td className="num">{r.result.seenAgain}</td><td className="num">{r.result.fixed}</td><td>{r.actor.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {imports.data && imports.data.imports.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
    </div>
  );
}

export function Advisories() {
  const s = useSession();
  const { t, lang } = s;
  const [state, setState] = useState('');
  const notices = useLoad<{ notices: AdvisoryNotice[] }>((signal) => api('/api/v1/advisories/notices' + qs({ state }), { signal }), [state]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  async function acknowledge(n: AdvisoryNotice) {
    setError(null);
    try {
      await api('/api/v1/advisories/notices/' + n.id + '/acknowledge', { method: 'POST' });
      setNotice(t('advisories.acknowledged', { id: n.advisoryId }));
      notices.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <div className="page">
      <h1>{t('vulns.title')}</h1>
      <VulnTabs />
      <div className="filters">
        <label>{t('incidents.state')}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('common.all')}</option>
            <option value="new">{t('notice.NEW')}</option>
            <option value="acknowledged">{t('notice.ACKNOWLEDGED')}</option>
          </select>
        </label>
      </div>
      <ErrorBox error={notices.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <Notice text={notice} />
      <section className="card">
        <div className="row between"><h2>{t('advisories.title')}</h2><Loading when={notices.loading} /></div>
        <p className="muted small">{t('advisories.hint')}</p>
        <table className="table" data-testid="advisories">
          <thead><tr><th>{t('advisories.advisory')}</th><th>{t('advisories.matched')}</th><th>{t('incidents.state')}</th><th>{t('incidents.created')}</th><th>{t('common.actions')}</th></tr></thead>
          <tbody>
            {(notices.data?.notices ?? []).map((n) => (
              <tr key={n.id}>
                <td className="advisory" data-testid={'advisory-' + n.advisoryId}>
                  {n.advisory ? (
                    <>
                      <b>{n.advisory.title}</b>
                      <div className="row wrap small">
                        <Badge kind={n.advisory.severity}>{t(('severity.' + n.advisory.severity.toUpperCase()) as Key)}</Badge>
                        {n.advisory.cves.map((c) => <a key={c} className="tag" href={'https://nvd.nist.gov/vuln/detail/' + encodeURIComponent(c)} target="_blank" rel="noreferrer noopener">{c}</a>)}
                      </div>
                      <div className="muted small">{!n.advisory.cves.includes(n.advisoryId) && <><code>{n.advisoryId}</code> · </>}{n.advisory.published && t('advisories.published', { time: fmtTime(n.advisory.published, lang) })}</div>
                    </>
                  ) : <code>{n.advisoryId}</code>}
                </td>
                <td>
                  <ul className="plain">
                    {n.assets.map((a) => (
                      <li key={a.assetId + a.matched}><Link to={'/assets/' + a.assetId}>{a.assetName}</Link> <span className="muted small">{a.matched} {a.version} — {a.reason}</span></li>
                    ))}
                  </ul>
                </td>
                <td><Badge kind={n.state === 'NEW' ? 'high' : 'neutral'}>{t(('notice.' + n.state) as Key)}</Badge>
                  {n.acknowledgedBy && <div className="muted small">{n.acknowledgedBy.name} · {fmtTime(n.acknowledgedAt, lang)}</div>}</td>
                <td>{fmtTime(n.createdAt, lang)}</td>
                <td>{n.state === 'NEW' && s.can('VULNS_WRITE') && <button type="button" onClick={() => acknowledge(n)}>{t('advisories.acknowledge')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {notices.data && notices.data.notices.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
    </div>
  );
}
