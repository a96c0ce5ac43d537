import { Fragment, useEffect, useState } from 'react';
import { ApiError, api, qs } from '../api';
import type { PlaybookRun, PlaybookSummary, StepAttempt } from '../api';
import { Badge, ErrorBox, Loading, Notice, errorText, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

const RUN_STATES = ['RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

function RunSteps({ id, updated, onChanged }: { id: string; updated: string; onChanged: () => void }) {
  const s = useSession();
  const { t, lang } = s;
  const detail = useLoad<{ run: PlaybookRun; steps: StepAttempt[] }>((signal) => api('/api/v1/playbook-runs/' + encodeURIComponent(id), { signal }), [id, updated]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const waiting = detail.data?.run.state === 'WAITING' ? [...detail.data.steps].reverse().find((a) => a.state === 'WAITING') : undefined;
  async function decide(decision: 'approve' | 'reject') {
    if (!waiting) return;
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/playbook-runs/' + encodeURIComponent(id) + '/approvals/' + encodeURIComponent(waiting.stepId), { method: 'POST', body: { decision, reason } });
      detail.reload();
      onChanged();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack" data-testid="run-steps">
      <Loading when={detail.loading} />
      <ErrorBox error={detail.error} />
      {detail.data?.run.error && <div className="msg error">{detail.data.run.error}</div>}
      <ol className="timeline">
        {(detail.data?.steps ?? []).map((a) => (
          <li key={a.seq}>
            <time>{fmtTime(a.started, lang)}</time> <b>{a.stepId}</b> {a.attempt > 1 && <span className="muted">#{a.attempt}</span>}{' '}
            <Badge kind={'a-' + a.state}>{t(('attempt.' + a.state) as Key)}</Badge>
            {a.finished && <span className="muted small"> → {fmtTime(a.finished, lang)}</span>}
            {a.outputJson && <div><code className="small output">{a.outputJson}</code></div>}
            {a.error && <div className="msg error small">{a.error}</div>}
          </li>
        ))}
      </ol>
      {waiting && s.can('PLAYBOOKS_WRITE') && (
        <div className="filters approval" data-testid="approval">
          <span>{t('playbooks.waitingOn', { step: waiting.stepId })}</span>
          <label className="grow">{t('incident.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <button type="button" className="primary" disabled={busy} onClick={() => decide('approve')}>{t('playbooks.approve')}</button>
          <button type="button" disabled={busy} onClick={() => decide('reject')}>{t('playbooks.reject')}</button>
        </div>
      )}
      {error && <div className="msg error" role="alert">{error}</div>}
    </div>
  );
}

export function Playbooks() {
  const s = useSession();
  const { t, lang } = s;
  const list = useLoad<{ playbooks: PlaybookSummary[] }>((signal) => api('/api/v1/playbooks', { signal }), []);
  const [selected, setSelected] = useState<string | null>(null);
  const definition = useLoad<PlaybookSummary | null>(
    (signal) => (selected ? api<PlaybookSummary>('/api/v1/playbooks/' + encodeURIComponent(selected), { signal }) : Promise.resolve(null)),
    [selected],
  );
  const [runState, setRunState] = useState('');
  const runs = useLoad<{ runs: PlaybookRun[] }>((signal) => api('/api/v1/playbook-runs' + qs({ state: runState.toLowerCase(), limit: 100 }), { signal }), [runState]);
  const [openRun, setOpenRun] = useState<string | null>(null);
  // while a run is moving, and for a minute after starting or deciding one, read the runs again every 1.5 s
  // (a run waiting for a person is not polled for ever)
  const [watchUntil, setWatchUntil] = useState(0);
  const moving = (runs.data?.runs ?? []).some((r) => r.state === 'RUNNING');
  useEffect(() => {
    if (!moving && Date.now() > watchUntil) return;
    const timer = window.setTimeout(runs.reload, 1500);
    return () => window.clearTimeout(timer);
  }, [moving, watchUntil, runs.data, runs.reload]);
  const watch = () => setWatchUntil(Date.now() + 60_000);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const writable = s.can('PLAYBOOKS_WRITE');

  async function toggle(p: PlaybookSummary) {
    setError(null);
    setNotice(null);
    try {
      // the server stores the change as a new version; a stale version (someone else changed it) answers 409
      const saved = await api<PlaybookSummary>('/api/v1/playbooks/' + encodeURIComponent(p.id), { method: 'PATCH', body: { enabled: !p.enabled, version: p.version } });
      setNotice(t(saved.enabled ? 'playbooks.enabledNow' : 'playbooks.disabledNow', { name: saved.name, version: saved.version }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('playbooks.conflict', { name: p.name }) : errorText(t, e));
    }
    list.reload();
    if (selected === p.id) definition.reload();
  }
  async function runNow(p: PlaybookSummary) {
    setError(null);
    setNotice(null);
    try {
      const run = await api<PlaybookRun>('/api/v1/playbooks/' + encodeURIComponent(p.id) + '/runs', { method: 'POST', body: {} });
      setNotice(t('playbooks.started', { name: p.name, id: run.id }));
      setOpenRun(run.id);
      watch();
      runs.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  return (
    <div className="page">
      <h1>{t('playbooks.title')}</h1>
      <ErrorBox error={list.error} />
      {error && <div className="msg error" role="alert" data-testid="playbook-error">{error}</div>}
      <Notice text={notice} />
      <div className="grid2">
        <section className="card">
          <div className="row between"><h2>{t('playbooks.list')}</h2><Loading when={list.loading} /></div>
          <table className="table" data-testid="playbooks">
            <thead><tr><th>{t('rules.enabled')}</th><th>{t('playbooks.name')}</th><th>{t('playbooks.trigger')}</th><th className="num">{t('playbooks.version')}</th>{writable && <th>{t('common.actions')}</th>}</tr></thead>
            <tbody>
              {(list.data?.playbooks ?? []).map((p) => (
                <tr key={p.id} className={selected === p.id ? 'selected' : ''}>
                  <td>
                    <label className="switch">
                      <input type="checkbox" role="switch" checked={p.enabled} disabled={!writable} aria-label={t('playbooks.enable', { name: p.name })} onChange={() => toggle(p)} />
                      <span aria-hidden="true" />
                    </label>
                  </td>
                  <td>
                    <button type="button" className={'link' + (selected === p.id ? ' active' : '')} aria-pressed={selected === p.id} onClick={() => setSelected(selected === p.id ? null : p.id)}>{p.name}</button>
                    <div className="muted small"><code>{p.id}</code> · {p.steps.join(' → ')}</div>
                  </td>
                  <td><span className="tag">{p.trigger}</span></td>
                  <td className="num">{p.version}</td>
                  {writable && <td><button type="button" disabled={!p.enabled} onClick={() => runNow(p)}>{t('playbooks.runNow')}</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && list.data.playbooks.length === 0 && <p className="muted">{t('common.none')}</p>}
        </section>
        <section className="card">
          <h2>{t('playbooks.definition')}</h2>
          <ErrorBox error={definition.error} />
          {definition.data ? <pre className="yaml" data-testid="playbook-yaml" tabIndex={0} aria-label={t('playbooks.definition')}>{definition.data.yaml}</pre>
            : <p className="muted">{t('playbooks.choose')}</p>}
        </section>
      </div>
      <section className="card">
        <div className="row between">
          <h2>{t('playbooks.runs')}</h2>
          <div className="row">
            <Loading when={runs.loading} />
            <label>
              <span className="sr-only">{t('incidents.state')}</span>
              <select aria-label={t('incidents.state')} value={runState} onChange={(e) => setRunState(e.target.value)}>
                <option value="">{t('common.all')}</option>
                {RUN_STATES.map((x) => <option key={x} value={x}>{t(('run.' + x) as Key)}</option>)}
              </select>
            </label>
            <button type="button" onClick={runs.reload}>{t('common.refresh')}</button>
          </div>
        </div>
        <ErrorBox error={runs.error} />
        <table className="table" data-testid="runs">
          <thead><tr><th>{t('playbooks.run')}</th><th>{t('playbooks.name')}</th><th>{t('incidents.state')}</th><th>{t('incidents.created')}</th><th>{t('playbooks.updated')}</th></tr></thead>
          <tbody>
            {(runs.data?.runs ?? []).map((r) => (
              <Fragment key={r.id}>
                <tr>
                  <td><button type="button" className="link" aria-expanded={openRun === r.id} onClick={() => setOpenRun(openRun === r.id ? null : r.id)}><code>{r.id.slice(0, 12)}</code></button></td>
                  <td>{r.playbookId} <span className="muted small">v{r.playbookVersion}</span></td>
                  <td><Badge kind={'run-' + r.state}>{t(('run.' + r.state) as Key)}</Badge></td>
                  <td>{fmtTime(r.created, lang)}</td>
                  <td>{fmtTime(r.updated, lang)}</td>
                </tr>
                {openRun === r.id && <tr className="detail"><td colSpan={5}><RunSteps id={r.id} updated={r.updated + r.state} onChanged={() => { watch(); runs.reload(); }} /></td></tr>}
              </Fragment>
            ))}
          </tbody>
        </table>
        {runs.data && runs.data.runs.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
    </div>
  );
}
