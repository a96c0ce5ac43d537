import { Fragment, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { api, qs } from '../api';
import type { BundleRow, FeedStatus, IndicatorRow, RecordedSighting, SightingCounts, WarningListRow } from '../api';
import { Badge, ErrorBox, Loading, Notice, errorText, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';
import { UploadForm, download } from '../upload';

const KINDS = ['SEEN', 'TRUE_POSITIVE', 'FALSE_POSITIVE', 'EXPIRED'];

/** The tenant's sightings of one indicator, and a form to report one (seen, true / false positive, expired). */
function Sightings({ i, onChanged }: { i: IndicatorRow; onChanged: () => void }) {
  const s = useSession();
  const { t, lang } = s;
  const list = useLoad<{ counts: SightingCounts; sightings: RecordedSighting[] }>(
    (signal) => api('/api/v1/intel/sightings' + qs({ type: i.type, value: i.value, limit: 50 }), { signal }), [i.type, i.value]);
  const [kind, setKind] = useState('TRUE_POSITIVE');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function report(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/v1/intel/sightings', { method: 'POST', body: { type: i.type, value: i.value, kind: kind.toLowerCase(), note } });
      setNote('');
      list.reload();
      onChanged();
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  return (
    <div className="stack" data-testid="sightings">
      <Loading when={list.loading} />
      <ErrorBox error={list.error} />
      {list.data && list.data.sightings.length === 0 && <p className="muted">{t('intel.noSightings', { tenant: s.tenant })}</p>}
      <ol className="timeline">
        {(list.data?.sightings ?? []).map((x) => (
          <li key={x.id}>
            <time>{fmtTime(x.lastSeen, lang)}</time> <Badge kind={'k-' + x.kind}>{t(('sighting.' + x.kind) as Key)}</Badge>{' '}
            {x.count > 1 && <b>×{x.count} </b>}<span className="muted small">{t(('origin.' + x.origin) as Key)} · {x.source}</span>
            {x.note && <div className="small">{x.note}</div>}
          </li>
        ))}
      </ol>
      {s.can('ALERTS_WRITE') && (
        <form className="filters" onSubmit={report} aria-label={t('intel.report')}>
          <label>{t('intel.verdict')}
            <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="sighting-kind">
              {KINDS.map((k) => <option key={k} value={k}>{t(('sighting.' + k) as Key)}</option>)}
            </select>
          </label>
          <label className="grow">{t('intel.note')}<input value={note} onChange={(e) => setNote(e.target.value)} data-testid="sighting-note" /></label>
          <button type="submit" className="primary" data-testid="sighting-report">{t('intel.report')}</button>
        </form>
      )}
      {error && <div className="msg error" role="alert">{error}</div>}
    </div>
  );
}

function Feeds() {
  const { t, lang } = useSession();
  const feeds = useLoad<{ feeds: FeedStatus[] }>((signal) => api('/api/v1/intel/feeds', { signal, tenant: false }), []);
  // a node without the feeds API (404) shows nothing
  if (!feeds.data) return null;
  return (
    <section className="card">
      <h2>{t('intel.feeds')}</h2>
      <table className="table" data-testid="feeds">
        <thead><tr><th>{t('intel.feed')}</th><th>{t('intel.feedKind')}</th><th>{t('intel.interval')}</th><th>{t('audit.tenant')}</th><th>{t('intel.lastSuccess')}</th><th className="num">{t('intel.objects')}</th><th>{t('intel.lastError')}</th></tr></thead>
        <tbody>
          {feeds.data.feeds.map((f) => (
            <tr key={f.name} className={f.lastError ? 'row-overdue' : ''}>
              <td><b>{f.name}</b><div className="muted small"><code>{f.url}</code></div></td>
              <td>{f.kind}</td>
              <td><code>{f.interval.replace(/^PT/, '').toLowerCase()}</code></td>
              <td>{f.tenant}</td>
              <td>{f.lastSuccess ? fmtTime(f.lastSuccess, lang) : <span className="muted">{t('hub.never')}</span>}<div className="muted small">{f.lastAttempt && t('intel.lastAttempt', { time: fmtTime(f.lastAttempt, lang) })}</div></td>
              <td className="num">{f.objects}</td>
              <td>{f.lastError ? <span className="msg error small">{f.lastError}</span> : <Badge kind="success">{t('intel.ok')}</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {feeds.data.feeds.length === 0 && <p className="muted">{t('intel.noFeeds')}</p>}
    </section>
  );
}

const TYPES = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email', 'user_agent'];

interface BundleAnswer { bundle: string; indicators: number; sightings: number; problems: { objectId: string; message: string }[]; total: number }

function IndicatorsTab() {
  const s = useSession();
  const { t, lang } = s;
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const [applied, setApplied] = useState({ type: '', q: '' });
  const indicators = useLoad<{ total: number; indicators: IndicatorRow[] }>(
    // with the tenant header: the answer carries that tenant's sighting counts
    (signal) => api('/api/v1/intel/indicators' + qs({ ...applied, limit: 200 }), { signal }),
    [applied],
  );
  const bundles = useLoad<{ bundles: BundleRow[]; indicators: number }>((signal) => api('/api/v1/intel/bundles', { signal, tenant: false }), []);
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState<BundleAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const writable = s.me ? Object.values(s.me.permissions).some((p) => p.includes('RULES_WRITE')) : false;
  const [open, setOpen] = useState<string | null>(null);

  function search(e: FormEvent) {
    e.preventDefault();
    setApplied({ type, q: text.trim().toLowerCase() });
  }
  async function remove(b: BundleRow) {
    if (!window.confirm(t('intel.confirmDelete', { name: b.name }))) return;
    setError(null);
    setNotice(null);
    try {
      await api('/api/v1/intel/bundles/' + encodeURIComponent(b.name), { method: 'DELETE', tenant: false });
      setNotice(t('intel.deleted', { name: b.name }));
      bundles.reload();
      indicators.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  async function exportAll() {
    setError(null);
    try {
      await download('/api/v1/intel/export', 'medsoc-indicators.stix.json', false);
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <>
      {error && <div className="msg error" role="alert">{error}</div>}
      <Notice text={notice} />
      <div className="grid2">
        <section className="card">
          <div className="row between">
            <h2>{t('intel.bundles')}</h2>
            <div className="row"><Loading when={bundles.loading} /><button type="button" onClick={exportAll}>{t('intel.export')}</button></div>
          </div>
          <ErrorBox error={bundles.error} />
          <table className="table" data-testid="bundles">
            <thead><tr><th>{t('intel.bundle')}</th><th className="num">{t('intel.indicators')}</th><th className="num">{t('intel.problems')}</th>{writable && <th>{t('common.actions')}</th>}</tr></thead>
            <tbody>
              {(bundles.data?.bundles ?? []).map((b) => (
                <tr key={b.name}>
                  <td><code>{b.name}</code></td>
                  <td className="num">{b.indicators}</td>
                  <td className="num">{b.problems}</td>
                  {writable && <td><button type="button" onClick={() => remove(b)} aria-label={t('intel.deleteBundle', { name: b.name })}>{t('common.delete')}</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
          {bundles.data && bundles.data.bundles.length === 0 && <p className="muted">{t('common.none')}</p>}
          {bundles.data && <p className="muted small">{t('intel.liveTotal', { total: bundles.data.indicators })}</p>}
        </section>
        {writable && (
          <UploadForm<BundleAnswer>
            testid="bundle-import"
            title={t('intel.import')}
            accept=".json"
            fields={<label>{t('intel.bundleName')}<input required pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}" value={name} onChange={(e) => setName(e.target.value)} placeholder="commission-c2" data-testid="bundle-name" /></label>}
            request={() => (name.trim() ? { path: '/api/v1/intel/bundles/' + encodeURIComponent(name.trim()), method: 'PUT', contentType: 'application/json', tenant: false } : t('intel.nameRequired'))}
            onDone={(a) => { setAnswer(a); bundles.reload(); indicators.reload(); }}
            result={answer && (
              <div className="result" data-testid="bundle-result">
                <ul className="counts">
                  <li><b>{answer.indicators}</b> {t('intel.r.indicators')}</li>
                  <li><b>{answer.sightings}</b> {t('intel.r.sightings')}</li>
                  <li><b>{answer.problems.length}</b> {t('intel.r.problems')}</li>
                  <li><b>{answer.total}</b> {t('intel.r.total')}</li>
                </ul>
                {answer.problems.length > 0 && (
                  <ul className="plain small">{answer.problems.slice(0, 20).map((p, i) => <li key={i}><code>{p.objectId}</code>: {p.message}</li>)}</ul>
                )}
              </div>
            )}
          />
        )}
      </div>
      <Feeds />
      <section className="card">
        <form className="filters" role="search" onSubmit={search}>
          <label>{t('intel.type')}
            <select value={type} onChange={(e) => setType(e.target.value)} data-testid="indicator-type">
              <option value="">{t('common.all')}</option>
              {TYPES.map((x) => <option key={x} value={x}>{x}</option>)}
            </select>
          </label>
          <label className="grow">{t('intel.value')}<input value={text} onChange={(e) => setText(e.target.value)} data-testid="indicator-q" placeholder="203.0.113." /></label>
          <button type="submit" className="primary">{t('common.search')}</button>
        </form>
        <div className="row between">
          <h2 data-testid="indicators-total">{indicators.data ? t('intel.total', { total: indicators.data.total }) : t('intel.indicators')}</h2>
          <Loading when={indicators.loading} />
        </div>
        <ErrorBox error={indicators.error} />
        <table className="table" data-testid="indicators">
          <thead><tr><th>{t('intel.type')}</th><th>{t('intel.value')}</th><th>{t('intel.source')}</th><th className="num">{t('intel.confidence')}</th><th>TLP</th><th>{t('intel.validUntil')}</th><th>{t('intel.tags')}</th><th>{t('intel.sightings')}</th></tr></thead>
          <tbody>
            {(indicators.data?.indicators ?? []).map((i) => (
              <Fragment key={i.type + i.value + i.source}>
              <tr>
                <td>{i.type}</td>
                <td><code>{i.value}</code></td>
                <td className="small">{i.source}</td>
                <td className="num">{i.confidence}</td>
                <td><Badge kind={'tlp-' + i.tlp.replace(/^TLP:/i, '').replace('+', '-')}>{i.tlp}</Badge></td>
                <td>{i.validUntil ? fmtTime(i.validUntil, lang) : <span className="muted">—</span>}</td>
                <td>{i.tags.map((x) => <span key={x} className="tag">{x}</span>)}</td>
                <td>
                  <button type="button" className="link" aria-expanded={open === i.type + i.value} onClick={() => setOpen(open === i.type + i.value ? null : i.type + i.value)}
                    aria-label={t('intel.sightingsOf', { value: i.value })}>
                    {i.sightings ? t('intel.counts', { seen: i.sightings.seen, tp: i.sightings.truePositive, fp: i.sightings.falsePositive }) : t('intel.open')}
                  </button>
                  {i.sightings?.suppressed && <div><Badge kind="neutral">{t('intel.suppressed')}</Badge></div>}
                </td>
              </tr>
              {open === i.type + i.value && <tr className="detail"><td colSpan={8}><Sightings i={i} onChanged={indicators.reload} /></td></tr>}
              </Fragment>
            ))}
          </tbody>
        </table>
        {indicators.data && indicators.data.indicators.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
    </>
  );
}

/** The warning lists: known-benign values (public resolvers, the hospital's own ranges) that never raise an alert. */
function WarningLists() {
  const s = useSession();
  const { t } = s;
  const lists = useLoad<{ lists: WarningListRow[] }>((signal) => api('/api/v1/intel/warning-lists', { signal, tenant: false }), []);
  const writable = s.me ? Object.values(s.me.permissions).some((p) => p.includes('RULES_WRITE')) : false;
  const [shown, setShown] = useState<WarningListRow | null>(null);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function open(w: WarningListRow) {
    setError(null);
    try {
      const full = await api<WarningListRow>('/api/v1/intel/warning-lists/' + encodeURIComponent(w.name), { tenant: false });
      setShown(full);
      if (!full.builtin) {
        setName(full.name);
        setText((full.entries ?? []).map((e) => e.type.toLowerCase() + ' ' + e.value).join('\n') + '\n');
      }
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await api<WarningListRow>('/api/v1/intel/warning-lists/' + encodeURIComponent(name.trim()), {
        method: 'PUT', raw: text, contentType: 'text/plain; charset=utf-8', tenant: false,
      });
      setNotice(t('warnings.saved', { name: saved.name, size: saved.size }));
      setShown(saved);
      lists.reload();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  async function remove(w: WarningListRow) {
    if (!window.confirm(t('warnings.confirmDelete', { name: w.name }))) return;
    setError(null);
    setNotice(null);
    try {
      await api('/api/v1/intel/warning-lists/' + encodeURIComponent(w.name), { method: 'DELETE', tenant: false });
      setNotice(t('warnings.deleted', { name: w.name }));
      if (shown?.name === w.name) setShown(null);
      lists.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <>
      {error && <div className="msg error" role="alert" data-testid="warning-error">{error}</div>}
      <Notice text={notice} />
      <div className="grid2">
        <section className="card">
          <div className="row between"><h2>{t('warnings.title')}</h2><Loading when={lists.loading} /></div>
          <p className="muted small">{t('warnings.hint')}</p>
          <ErrorBox error={lists.error} />
          <table className="table" data-testid="warning-lists">
            <thead><tr><th>{t('warnings.name')}</th><th className="num">{t('warnings.size')}</th><th>{t('common.actions')}</th></tr></thead>
            <tbody>
              {(lists.data?.lists ?? []).map((w) => (
                <tr key={w.name} className={shown?.name === w.name ? 'selected' : ''}>
                  <td><b>{w.name}</b> {w.builtin && <Badge kind="neutral">{t('warnings.builtin')}</Badge>}</td>
                  <td className="num">{w.size}</td>
                  <td>
                    <div className="row">
                      <button type="button" onClick={() => open(w)} aria-label={t(w.builtin || !writable ? 'warnings.viewOf' : 'warnings.editOf', { name: w.name })}>
                        {t(w.builtin || !writable ? 'warnings.view' : 'warnings.edit')}
                      </button>
                      {!w.builtin && writable && <button type="button" onClick={() => remove(w)} aria-label={t('warnings.deleteOf', { name: w.name })}>{t('common.delete')}</button>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown && (shown.builtin || !writable) && (
            <div data-testid="warning-entries">
              <h3>{shown.name}</h3>
              <ul className="plain small">{(shown.entries ?? []).map((e) => <li key={e.type + e.value}><span className="tag">{e.type.toLowerCase()}</span> <code>{e.value}</code></li>)}</ul>
            </div>
          )}
        </section>
        {writable && (
          <section className="card">
            <h2>{t('warnings.editor')}</h2>
            <form className="stack" onSubmit={save} data-testid="warning-form">
              <label>{t('warnings.name')}
                <input required pattern="[a-z0-9][a-z0-9_.\-]{0,63}" value={name} onChange={(e) => setName(e.target.value)} placeholder="hospital-ranges" data-testid="warning-name" />
              </label>
              <label>{t('warnings.entries')}
                <textarea rows={10} required value={text} onChange={(e) => setText(e.target.value)} data-testid="warning-text" spellCheck={false}
                  placeholder={'# ' + t('warnings.format') + '\nipv4 10.20.0.53\ncidr 10.20.0.0/16\ndomain his.hospital.example'} />
              </label>
              <p className="muted small">{t('warnings.format')}</p>
              <div className="row">
                <button type="submit" className="primary" disabled={busy} data-testid="warning-save">{t('common.save')}</button>
                <button type="button" onClick={() => { setName(''); setText(''); setShown(null); }}>{t('warnings.new')}</button>
              </div>
            </form>
          </section>
        )}
      </div>
    </>
  );
}

type IntelTab = 'indicators' | 'warnings';

export function Intel() {
  const { t } = useSession();
  const [tab, setTab] = useState<IntelTab>('indicators');
  const tabs: { id: IntelTab; key: Key }[] = [{ id: 'indicators', key: 'intel.tab.indicators' }, { id: 'warnings', key: 'intel.tab.warnings' }];
  function keys(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((x) => x.id === tab);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    setTab(next.id);
    document.getElementById('intel-tab-' + next.id)?.focus();
  }
  return (
    <div className="page">
      <h1>{t('intel.title')}</h1>
      <div className="subnav" role="tablist" aria-label={t('intel.sections')} onKeyDown={keys}>
        {tabs.map((x) => (
          <button key={x.id} id={'intel-tab-' + x.id} type="button" role="tab" className={'tab' + (tab === x.id ? ' active' : '')}
            aria-selected={tab === x.id} aria-controls={'intel-panel-' + x.id} tabIndex={tab === x.id ? 0 : -1} onClick={() => setTab(x.id)}>
            {t(x.key)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={'intel-panel-' + tab} aria-labelledby={'intel-tab-' + tab} className="tabpanel">
        {tab === 'indicators' ? <IndicatorsTab /> : <WarningLists />}
      </div>
    </div>
  );
}
