import { useState } from 'react';
import { Link } from 'react-router';
import { api, qs } from '../api';
import type { Channel, ChannelTest, DeliveryAttempt, IncidentPage, OnCall as OnCallAnswer, PageRecord } from '../api';
import { Badge, ErrorBox, Loading, errorText, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

function ChannelRow({ c }: { c: Channel }) {
  const s = useSession();
  const { t } = s;
  const [language, setLanguage] = useState(s.lang);
  const [result, setResult] = useState<ChannelTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function test() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<ChannelTest>('/api/v1/channels/' + encodeURIComponent(c.name) + '/test', { method: 'POST', body: { language } }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr>
      <td><code>{c.name}</code></td>
      <td>{c.type ? t(('channel.' + c.type) as Key) : ''}</td>
      <td>
        {s.can('PLAYBOOKS_WRITE') && (
          <div className="row wrap">
            <label>
              <span className="sr-only">{t('top.language')}</span>
              <select aria-label={t('channels.messageLanguage', { name: c.name })} value={language} onChange={(e) => setLanguage(e.target.value as 'zh' | 'en')}>
                <option value="zh">中文</option>
                <option value="en">English</option>
              </select>
            </label>
            <button type="button" disabled={busy} onClick={test} data-testid={'test-' + c.name}>{busy ? t('channels.sending') : t('channels.test')}</button>
          </div>
        )}
      </td>
      <td data-testid={'result-' + c.name} aria-live="polite">
        {result && (
          <span className={'msg ' + (result.result === 'delivered' ? 'ok' : 'error')}>
            {t(('channels.result.' + result.result) as Key)}
            {result.reason && ': ' + result.reason}
            {result.retryAfterSeconds !== undefined && ' ' + t('channels.retryAfter', { s: result.retryAfterSeconds })}
          </span>
        )}
        {error && <span className="msg error" role="alert">{error}</span>}
      </td>
    </tr>
  );
}

/** Pages of one incident, or (incident '') the tenant's live pages first, then its most recent ones. */
function Pages({ incident }: { incident: string }) {
  const s = useSession();
  const { t, lang } = s;
  const pages = useLoad<{ pages: PageRecord[] }>((signal) => api('/api/v1/oncall/pages' + qs({ incident, limit: incident ? undefined : 50 }), { signal }), [incident]);
  const [open, setOpen] = useState<number | null>(null);
  const deliveries = useLoad<{ deliveries: DeliveryAttempt[] } | null>(
    (signal) => (open === null ? Promise.resolve(null) : api('/api/v1/oncall/pages/' + open, { signal })), [open]);
  const [error, setError] = useState<string | null>(null);
  async function act(p: PageRecord, what: 'acknowledge' | 'resolve') {
    setError(null);
    try {
      await api('/api/v1/oncall/pages/' + p.id + '/' + what, { method: 'POST' });
      pages.reload();
      deliveries.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  return (
    <div className="stack">
      <Loading when={pages.loading} />
      <ErrorBox error={pages.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <table className="table" data-testid="pages">
        <thead><tr><th>#</th><th>{t('incidents.name')}</th><th>{t('incidents.severity')}</th><th>{t('incidents.state')}</th><th>{t('oncall.nextDeadline')}</th><th>{t('oncall.handledBy')}</th><th>{t('common.actions')}</th></tr></thead>
        <tbody>
          {(pages.data?.pages ?? []).map((p) => (
            <tr key={p.id}>
              <td><button type="button" className="link" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? null : p.id)}>{p.id}</button></td>
              <td>{incident ? p.title : <Link to={'/incidents/' + encodeURIComponent(p.incidentId)}>{p.title}</Link>}<div className="muted small">{fmtTime(p.createdAt, lang)}</div>{p.protection && <div><Badge kind="high">{t('oncall.protection')}</Badge></div>}</td>
              <td><Badge kind={p.severity}>{t(('severity.' + p.severity.toUpperCase()) as Key)}</Badge></td>
              <td><Badge kind={'p-' + p.state}>{t(('page.' + p.state) as Key)}</Badge></td>
              <td>{fmtTime(p.nextDeadline, lang)}</td>
              <td>{p.acknowledgedBy ?? p.resolvedBy ?? ''}</td>
              <td>
                <div className="row">
                  {p.state === 'OPEN' && s.can('INCIDENTS_WRITE') && <button type="button" onClick={() => act(p, 'acknowledge')}>{t('oncall.acknowledge')}</button>}
                  {(p.state === 'OPEN' || p.state === 'ACKNOWLEDGED') && s.can('INCIDENTS_WRITE') && <button type="button" onClick={() => act(p, 'resolve')}>{t('oncall.resolve')}</button>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.data && pages.data.pages.length === 0 && <p className="muted">{t(incident ? 'oncall.noPages' : 'oncall.noPagesAll')}</p>}
      {deliveries.data && (
        <div>
          <h3>{t('oncall.deliveries')}</h3>
          <ol className="timeline">
            {deliveries.data.deliveries.map((d, i) => (
              <li key={i}><time>{fmtTime(d.at, lang)}</time> {t('oncall.level', { level: d.level })} · {d.contactId} · <code>{d.channel}</code> <Badge kind={'d-' + d.outcome}>{d.outcome.toLowerCase()}</Badge> <span className="muted small">{d.detail}</span></li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

export function OnCall() {
  const s = useSession();
  const { t, lang } = s;
  const channels = useLoad<{ channels: Channel[] }>((signal) => api('/api/v1/channels', { signal }), []);
  const oncall = useLoad<OnCallAnswer>((signal) => api('/api/v1/oncall', { signal }), []);
  const incidents = useLoad<IncidentPage>((signal) => api('/api/v1/incidents' + qs({ sort: '-created', limit: 50 }), { signal }), []);
  const [incident, setIncident] = useState('');
  return (
    <div className="page">
      <h1>{t('oncall.title')}</h1>
      <div className="grid2">
        <section className="card">
          <div className="row between"><h2>{t('oncall.onDuty')}</h2><Loading when={oncall.loading} /></div>
          <ErrorBox error={oncall.error} />
          {oncall.data && !oncall.data.configured && <p className="muted">{t('oncall.notConfigured')}</p>}
          <ol className="duty" data-testid="on-duty">
            {(oncall.data?.onDuty ?? []).map((c, i) => (
              <li key={c.id}>
                <span className="duty-rank">{i === 0 ? t('oncall.primary') : t('oncall.backup', { n: i })}</span>
                <b>{c.name}</b> <span className="muted">({c.id})</span>
                <div className="small">{c.channels.map((ch) => <span key={ch.channel} className="tag">{ch.channel}: {ch.address}</span>)}</div>
              </li>
            ))}
          </ol>
          {oncall.data?.configured && oncall.data.onDuty.length === 0 && <p className="msg error">{t('oncall.nobody')}</p>}
          <p className="muted small">{t('oncall.asOf', { time: fmtTime(new Date().toISOString(), lang) })}</p>
        </section>
        <section className="card">
          <h2>{t('oncall.roster')}</h2>
          {oncall.data?.yaml ? <pre className="yaml" data-testid="roster" tabIndex={0} aria-label={t('oncall.roster')}>{oncall.data.yaml}</pre> : <p className="muted">{t('common.none')}</p>}
        </section>
      </div>
      <section className="card">
        <div className="row between"><h2>{t('channels.title')}</h2><Loading when={channels.loading} /></div>
        <ErrorBox error={channels.error} />
        <table className="table" data-testid="channels">
          <thead><tr><th>{t('channels.name')}</th><th>{t('channels.type')}</th><th>{t('channels.test')}</th><th>{t('channels.result')}</th></tr></thead>
          <tbody>{(channels.data?.channels ?? []).map((c) => <ChannelRow key={c.name} c={c} />)}</tbody>
        </table>
        {channels.data && channels.data.channels.length === 0 && <p className="muted">{t('channels.none')}</p>}
      </section>
      <section className="card">
        <div className="row between">
          <h2>{t('oncall.pages')}</h2>
          <label>
            {t('oncall.forIncident')}
            <select value={incident} onChange={(e) => setIncident(e.target.value)} data-testid="pages-incident">
              <option value="">{t('oncall.allPages')}</option>
              {(incidents.data?.incidents ?? []).map((i) => <option key={i.id} value={i.id}>#{i.id} {i.title}</option>)}
            </select>
          </label>
        </div>
        <ErrorBox error={incidents.error} />
        <Pages incident={incident} />
      </section>
    </div>
  );
}
