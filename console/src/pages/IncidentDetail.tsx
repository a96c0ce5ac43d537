import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api';
import type { Comment, Evidence, Incident, TimelineEntry } from '../api';
import { Badge, ErrorBox, Loading, Notice, errorText, fmtDuration, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

type TransitionName = 'acknowledge' | 'contain' | 'resolve' | 'mark_false_positive' | 'close' | 'reopen';

/** The moves allowed from each state (the server checks them again). */
const TRANSITIONS: Record<Incident['state'], TransitionName[]> = {
  NEW: ['acknowledge', 'mark_false_positive'],
  TRIAGING: ['contain', 'resolve', 'mark_false_positive'],
  CONTAINING: ['resolve'],
  RESOLVED: ['close', 'reopen'],
  CLOSED: ['reopen'],
};
const RESOLUTIONS = ['true_positive', 'false_positive', 'benign', 'duplicate'];

interface Detail {
  incident: Incident;
  timeline: TimelineEntry[];
  comments: Comment[];
  evidence: Evidence[];
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  return now;
}

function SlaTimer({ label, due, state }: { label: string; due?: string; state: string }) {
  const { t, lang } = useSession();
  const now = useNow();
  const running = state === 'ON_TRACK' || state === 'AT_RISK' || state === 'BREACHED';
  const left = due ? new Date(due).getTime() - now : 0;
  return (
    <div className={'card sla sla-' + state.toLowerCase()}>
      <span className="kpi-label">{label}</span>
      <Badge kind={state}>{t(('sla.' + state) as Key)}</Badge>
      {due && running && (
        <span className="timer" role="timer" aria-live="off">
          {left >= 0 ? t('incident.left', { time: fmtDuration(left) }) : t('incident.overdueBy', { time: fmtDuration(left) })}
        </span>
      )}
      {due && <span className="muted small">{fmtTime(due, lang)}</span>}
    </div>
  );
}

export function IncidentDetail() {
  const { id } = useParams();
  const s = useSession();
  const { t, lang } = s;
  const detail = useLoad<Detail>(async (signal) => {
    const base = '/api/v1/incidents/' + encodeURIComponent(id ?? '');
    const [incident, timeline, comments, evidence] = await Promise.all([
      api<Incident>(base, { signal }),
      api<TimelineEntry[]>(base + '/timeline', { signal }),
      api<Comment[]>(base + '/comments', { signal }),
      api<Evidence[]>(base + '/evidence', { signal }),
    ]);
    return { incident, timeline, comments, evidence };
  }, [id]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<TransitionName | null>(null);
  const [resolution, setResolution] = useState('true_positive');
  const [summaryText, setSummaryText] = useState('');
  const [comment, setComment] = useState('');
  const writable = s.can('INCIDENTS_WRITE');

  if (detail.loading && !detail.data) return <Loading when />;
  if (!detail.data) {
    return (
      <div className="page">
        <p><Link to="/incidents">← {t('incident.back')}</Link></p>
        <ErrorBox error={detail.error} />
      </div>
    );
  }
  const { incident, timeline, comments, evidence } = detail.data;
  const base = '/api/v1/incidents/' + incident.id;

  async function run(what: string, action: () => Promise<unknown>) {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      await action();
      setNotice(t('incident.done', { what }));
      detail.reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONCURRENT_MODIFICATION') {
        setActionError(t('incident.conflict'));
        detail.reload();
      } else if (e instanceof ApiError && e.code === 'INVALID_TRANSITION') {
        setActionError(t('incident.invalid', { detail: e.detail }));
        detail.reload();
      } else {
        setActionError(errorText(t, e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  function transition(name: TransitionName) {
    if ((name === 'resolve' || name === 'mark_false_positive' || name === 'reopen') && pending !== name) {
      setPending(name);
      setSummaryText('');
      return;
    }
    const body: Record<string, unknown> = { transition: name, version: incident.version };
    if (name === 'resolve') {
      body.resolution = resolution;
      body.summary = summaryText;
    } else if (name === 'mark_false_positive') {
      body.summary = summaryText;
    } else if (name === 'reopen') {
      body.reason = summaryText;
    }
    run(t(('transition.' + name) as Key), () => api(base + '/transitions', { method: 'POST', body })).then((ok) => ok && setPending(null));
  }

  function submitPending(e: FormEvent) {
    e.preventDefault();
    if (pending) transition(pending);
  }

  function addComment(e: FormEvent) {
    e.preventDefault();
    if (!comment.trim()) return;
    run(t('incident.addComment'), () => api(base + '/comments', { method: 'POST', body: { body: comment } })).then((ok) => ok && setComment(''));
  }

  return (
    <div className="page">
      <p><Link to="/incidents">← {t('incident.back')}</Link></p>
      <div className="row between wrap">
        <h1 data-testid="incident-title">
          #{incident.id} {incident.title}
        </h1>
        <Loading when={detail.loading || busy} />
      </div>
      <div className="row wrap gap">
        <Badge kind={incident.severity}>{t(('severity.' + incident.severity) as Key)}</Badge>
        <Badge kind={'s-' + incident.state}><span data-testid="incident-state" data-state={incident.state}>{t(('state.' + incident.state) as Key)}</span></Badge>
        <span data-testid="incident-assignee">
          {incident.assignee ? t('incident.assignedTo', { name: incident.assignee }) : t('incidents.unassigned')}
        </span>
        <span className="muted">{t('incident.version', { version: incident.version })}</span>
        <span className="muted">{incident.alertCount} {t('incident.alerts')}</span>
        <span className="muted">{incident.tenant}</span>
      </div>
      <ErrorBox error={detail.error} />
      {actionError && <div className="msg error" role="alert" data-testid="action-error">{actionError}</div>}
      <Notice text={notice} />
      <div className="kpis">
        <SlaTimer label={t('incident.response')} due={incident.sla.responseDue} state={incident.sla.response} />
        <SlaTimer label={t('incident.resolution')} due={incident.sla.resolutionDue} state={incident.sla.resolution} />
      </div>
      {writable && (
        <section className="card actions" aria-label={t('common.actions')}>
          <div className="row wrap gap">
            {incident.assignee !== s.me?.username && (
              <button type="button" data-testid="assign-me" disabled={busy}
                onClick={() => run(t('incident.assignToMe'), () => api(base, { method: 'PATCH', body: { version: incident.version, assignee: s.me!.username } }))}>
                {t('incident.assignToMe')}
              </button>
            )}
            {TRANSITIONS[incident.state].map((name) => (
              <button key={name} type="button" data-testid={'t-' + name} className={name === 'resolve' || name === 'close' ? 'primary' : ''}
                aria-expanded={pending === name ? true : undefined} disabled={busy} onClick={() => transition(name)}>
                {t(('transition.' + name) as Key)}
              </button>
            ))}
          </div>
          {pending && (
            <form className="pending" onSubmit={submitPending}>
              {pending === 'resolve' && (
                <label>
                  {t('incident.resolution.label')}
                  <select data-testid="resolution" value={resolution} onChange={(e) => setResolution(e.target.value)}>
                    {RESOLUTIONS.map((r) => <option key={r} value={r}>{t(('resolution.' + r) as Key)}</option>)}
                  </select>
                </label>
              )}
              <label className="grow">
                {pending === 'reopen' ? t('incident.reason') : t('incident.summary')}
                <input data-testid="summary" required value={summaryText} onChange={(e) => setSummaryText(e.target.value)} autoFocus />
              </label>
              <button type="submit" className="primary" data-testid="confirm" disabled={busy}>{t(('transition.' + pending) as Key)}</button>
              <button type="button" onClick={() => setPending(null)}>{t('common.cancel')}</button>
            </form>
          )}
        </section>
      )}
      <div className="grid2">
        <section className="card">
          <h2>{t('incident.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {timeline.map((e) => (
              <li key={e.id}>
                <time>{fmtTime(e.at, lang)}</time> <strong>{e.actor.name}</strong> <span className="what">{e.what}</span>
                {e.newValue && <span className="muted"> → {e.newValue}</span>}
                {e.note && <div className="muted small">{e.note}</div>}
              </li>
            ))}
          </ol>
        </section>
        <section className="card">
          <h2>{t('incident.comments')}</h2>
          <ul className="comments" data-testid="comments">
            {comments.map((c) => (
              <li key={c.id}>
                <div className="muted small">{c.author.name} · {fmtTime(c.createdAt, lang)}</div>
                <p>{c.body}</p>
              </li>
            ))}
          </ul>
          {comments.length === 0 && <p className="muted">{t('common.none')}</p>}
          {writable && (
            <form onSubmit={addComment} className="stack">
              <label>
                {t('incident.commentLabel')}
                <textarea data-testid="comment" rows={3} maxLength={10000} value={comment} onChange={(e) => setComment(e.target.value)} />
              </label>
              <button type="submit" data-testid="add-comment" disabled={busy || !comment.trim()}>{t('incident.addComment')}</button>
            </form>
          )}
        </section>
        <section className="card">
          <h2>{t('incident.evidence')}</h2>
          <table className="table">
            <tbody>
              {evidence.map((e) => (
                <tr key={e.id}>
                  <td><Badge kind="neutral">{e.kind}</Badge></td>
                  <td>
                    {e.kind === 'EVENT' ? <code>{e.ref}</code> : <Link to={'/alerts?q=' + encodeURIComponent('rule.id:' + (e.ref.split(':')[1] ?? ''))}><code>{e.ref}</code></Link>}
                    <div className="muted small">{e.note}</div>
                  </td>
                  <td className="muted small">{e.addedBy} · {fmtTime(e.addedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>{t('incident.attributes')}</h2>
          {incident.description && <p>{incident.description}</p>}
          <table className="kv">
            <tbody>
              {Object.entries(incident.attributes ?? {}).map(([k, v]) => (
                <tr key={k}><th scope="row">{k}</th><td>{v.join(', ')}</td></tr>
              ))}
              {incident.resolution && <tr><th scope="row">{t('incident.resolution.label')}</th><td>{incident.resolution}</td></tr>}
              {incident.summary && <tr><th scope="row">{t('incident.summary')}</th><td>{incident.summary}</td></tr>}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
