import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { Suppression } from '../api';
import { ErrorBox, Loading, errorText, fmtTime, useLoad, useSession } from '../app';

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function Suppressions() {
  const s = useSession();
  const { t, lang } = s;
  const list = useLoad<{ suppressions: Suppression[] }>((signal) => api('/api/v1/suppressions', { signal }), []);
  const [form, setForm] = useState({ ruleId: '*', field: 'host.name', equals: '', expiresAt: inDays(30), reason: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const writable = s.can('TUNING_WRITE');

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/suppressions', {
        method: 'POST',
        body: {
          ruleId: form.ruleId.trim(),
          conditions: form.field && form.equals ? [{ field: form.field.trim(), equals: form.equals }] : [],
          expiresAt: new Date(form.expiresAt).toISOString(),
          reason: form.reason,
        },
      });
      setForm({ ...form, equals: '', reason: '' });
      list.reload();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  async function remove(x: Suppression) {
    if (!window.confirm(t('common.confirmDelete'))) return;
    setError(null);
    try {
      await api('/api/v1/suppressions/' + x.id, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });

  return (
    <div className="page">
      <h1>{t('suppressions.title')}</h1>
      <ErrorBox error={list.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <section className="card">
        <Loading when={list.loading} />
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('alerts.rule')}</th>
              <th>{t('suppressions.conditions')}</th>
              <th>{t('suppressions.reason')}</th>
              <th>{t('suppressions.expires')}</th>
              <th className="num">{t('suppressions.hits')}</th>
              {writable && <th>{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {(list.data?.suppressions ?? []).map((x) => (
              <tr key={x.id}>
                <td>{x.id}</td>
                <td><code>{x.ruleId}</code></td>
                <td>{x.conditions.map((c, i) => <div key={i}><code>{c.field} = {c.value ?? c.values?.join(' | ') ?? c.cidr}</code></div>)}</td>
                <td>{x.reason}<div className="muted small">{x.author.name}</div></td>
                <td>{fmtTime(x.expiresAt, lang)}</td>
                <td className="num">{x.hitCount}</td>
                {writable && <td><button type="button" onClick={() => remove(x)}>{t('common.delete')}</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.suppressions.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
      {writable && (
        <section className="card">
          <h2>{t('suppressions.new')}</h2>
          <form className="filters" onSubmit={create}>
            <label>{t('suppressions.rule')}<input required {...field('ruleId')} /></label>
            <label>{t('suppressions.field')}<input {...field('field')} /></label>
            <label>{t('suppressions.equals')}<input {...field('equals')} /></label>
            <label>{t('suppressions.expires')}<input type="datetime-local" required {...field('expiresAt')} /></label>
            <label className="grow">{t('suppressions.reason')}<input required {...field('reason')} /></label>
            <button type="submit" className="primary" disabled={busy}>{t('common.create')}</button>
          </form>
        </section>
      )}
    </div>
  );
}
