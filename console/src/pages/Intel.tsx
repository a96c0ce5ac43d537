import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { api, qs } from '../api';
import type { BundleRow, FeedStatus, IndicatorRow, RecordedSighting, SightingCounts } from '../api';
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

export function Intel() {
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
    <div className="page">
      <h1>{t('intel.title')}</h1>
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
    </div>
  );
}
