import { useState } from 'react';
import { api, qs } from '../api';
import type { Rule } from '../api';
import { Badge, ErrorBox, Loading, Pager, errorText, useLoad, useSession } from '../app';
import { UploadForm } from '../upload';

/** What installing a rule pack answers: the pack, its rules and the rules refused with why. */
interface PackAnswer { pack: string; rules: number; refused: { rule: string; reason: string }[] }

const LIMIT = 100;

export function Rules() {
  const s = useSession();
  const { t } = s;
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [offset, setOffset] = useState(0);
  const rules = useLoad<{ total: number; rules: Rule[]; unreadable: { path?: string; reason?: string }[] }>(
    (signal) => api('/api/v1/rules' + qs({ q: applied, offset, limit: LIMIT }), { signal, tenant: false }),
    [applied, offset],
  );
  const packs = useLoad<{ packs: string[] }>((signal) => api('/api/v1/rule-packs', { signal, tenant: false }), []);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState<PackAnswer | null>(null);
  const writable = s.me ? Object.values(s.me.permissions).some((p) => p.includes('RULES_WRITE')) : false;

  async function toggle(r: Rule) {
    setError(null);
    try {
      await api('/api/v1/rules/' + encodeURIComponent(r.id), { method: 'PATCH', body: { enabled: !r.enabled }, tenant: false });
      rules.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  async function removePack(p: string) {
    if (!window.confirm(t('common.confirmDelete'))) return;
    try {
      await api('/api/v1/rule-packs/' + encodeURIComponent(p), { method: 'DELETE', tenant: false });
      packs.reload();
      rules.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }

  return (
    <div className="page">
      <h1>{t('rules.title')}</h1>
      <form className="searchbar" role="search" onSubmit={(e) => { e.preventDefault(); setOffset(0); setApplied(filter.trim()); }}>
        <label className="grow">
          <span className="sr-only">{t('rules.filter')}</span>
          <input aria-label={t('rules.filter')} placeholder={t('rules.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={rules.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <section className="card">
        <div className="row between">
          <h2>{rules.data ? t('rules.total', { total: rules.data.total }) : t('rules.title')}</h2>
          <Loading when={rules.loading} />
        </div>
        <table className="table" data-testid="rules">
          <thead>
            <tr>
              <th>{t('rules.enabled')}</th>
              <th>{t('incidents.name')}</th>
              <th>{t('rules.level')}</th>
              <th>{t('rules.source')}</th>
              <th className="num">{t('rules.evaluations')}</th>
              <th className="num">{t('rules.matches')}</th>
              <th className="num">{t('rules.mean')}</th>
            </tr>
          </thead>
          <tbody>
            {(rules.data?.rules ?? []).map((r) => (
              <tr key={r.id}>
                <td>
                  <label className="switch">
                    <input type="checkbox" role="switch" checked={r.enabled} disabled={!writable} aria-label={t('rules.enable', { title: r.title })} onChange={() => toggle(r)} />
                    <span aria-hidden="true" />
                  </label>
                </td>
                <td>
                  {r.title}
                  <div className="muted small">{r.logsource} {r.tags.map((x) => <span key={x} className="tag">{x}</span>)}</div>
                  {!r.runnable && <div className="msg error small">{t('rules.notRunnable')}: {r.refusal}</div>}
                </td>
                <td><Badge kind={r.level}>{r.level}</Badge></td>
                <td className="small">{r.source}</td>
                <td className="num">{r.evaluations.toLocaleString()}</td>
                <td className="num">{r.matches.toLocaleString()}</td>
                <td className="num">{r.meanEvaluationNanos.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rules.data && <Pager offset={offset} limit={LIMIT} total={rules.data.total} onChange={setOffset} />}
      </section>
      <div className="grid2">
        {writable && (
          <UploadForm<PackAnswer>
            testid="pack-upload"
            title={t('rules.upload')}
            accept=".zip,.yml,.yaml"
            fields={<label>{t('rules.packName')}<input required pattern="[a-z0-9][a-z0-9_.\-]{0,63}" value={name} onChange={(e) => setName(e.target.value)} placeholder="hospital-pack" data-testid="pack-name" /></label>}
            request={(file) => (name.trim()
              ? { path: '/api/v1/rule-packs/' + encodeURIComponent(name.trim()), method: 'PUT', contentType: /\.ya?ml$/i.test(file.name) ? 'application/yaml' : 'application/zip', tenant: false }
              : t('rules.nameRequired'))}
            onDone={(a) => { setAnswer(a); rules.reload(); packs.reload(); }}
            result={answer && (
              <div className="result" data-testid="pack-result">
                <p>{t('rules.uploaded', { name: answer.pack, count: answer.rules })}</p>
                {answer.refused.length > 0 && (
                  <ul className="plain small">{answer.refused.map((r, i) => <li key={i} className="msg error"><code>{r.rule}</code>: {r.reason}</li>)}</ul>
                )}
              </div>
            )}
          />
        )}
        <section className="card">
          <h2>{t('rules.packs')}</h2>
          <ErrorBox error={packs.error} />
          <ul className="plain">
            {(packs.data?.packs ?? []).map((p) => (
              <li key={p} className="row between">
                <code>{p}</code>
                {writable && <button type="button" onClick={() => removePack(p)}>{t('common.delete')}</button>}
              </li>
            ))}
          </ul>
          {packs.data && packs.data.packs.length === 0 && <p className="muted">{t('common.none')}</p>}
        </section>
      </div>
    </div>
  );
}
