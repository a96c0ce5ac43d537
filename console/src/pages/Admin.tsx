import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, qs } from '../api';
import type { AuditRecord, Tenant, User } from '../api';
import { Badge, ErrorBox, Loading, Notice, Pager, errorText, fmtTime, useLoad, useSession } from '../app';

const ROLES = ['analyst', 'auditor', 'tenant_viewer', 'admin', 'hub_operator'];

export function Users() {
  const s = useSession();
  const { t, lang } = s;
  const users = useLoad<{ users: User[] }>((signal) => api('/api/v1/users' + qs({ tenant: s.tenant }), { signal, tenant: false }), [s.tenant]);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'analyst' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const admin = s.can('USERS_ADMIN');
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api('/api/v1/users', {
        method: 'POST', tenant: false,
        body: { username: form.username, displayName: form.displayName || form.username, homeTenant: s.tenant, password: form.password, roles: [form.role] },
      });
      setForm({ username: '', displayName: '', password: '', role: form.role });
      setNotice(t('common.saved'));
      users.reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  return (
    <div className="page">
      <h1>{t('users.title')} · {s.tenant}</h1>
      <ErrorBox error={users.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <Notice text={notice} />
      <section className="card">
        <Loading when={users.loading} />
        <table className="table">
          <thead>
            <tr><th>{t('users.username')}</th><th>{t('users.displayName')}</th><th>{t('users.status')}</th><th>{t('users.grants')}</th><th>{t('incidents.created')}</th></tr>
          </thead>
          <tbody>
            {(users.data?.users ?? []).map((u) => (
              <tr key={u.username}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td><Badge kind={u.status}>{u.status}</Badge></td>
                <td>{u.grants.map((g) => <span key={g.tenant + g.role} className="tag">{g.tenant}: {g.role.toLowerCase()}</span>)}</td>
                <td>{fmtTime(u.createdAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.data && users.data.users.length === 0 && <p className="muted">{t('common.none')}</p>}
      </section>
      {admin && (
        <section className="card">
          <h2>{t('users.new', { tenant: s.tenant })}</h2>
          <form className="filters" onSubmit={create}>
            <label>{t('users.username')}<input required autoComplete="off" {...field('username')} /></label>
            <label>{t('users.displayName')}<input {...field('displayName')} /></label>
            <label>{t('users.password')}<input type="password" required minLength={12} autoComplete="new-password" {...field('password')} /></label>
            <label>{t('users.role')}
              <select {...field('role')}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
            </label>
            <button type="submit" className="primary">{t('common.create')}</button>
          </form>
        </section>
      )}
    </div>
  );
}

export function Tenants() {
  const s = useSession();
  const { t, lang } = s;
  const tenants = useLoad<{ tenants: Tenant[] }>((signal) => api('/api/v1/tenants', { signal, tenant: false }), []);
  const [form, setForm] = useState({ id: '', name: '', parent: '' });
  const [error, setError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/v1/tenants', { method: 'POST', tenant: false, body: { id: form.id, name: form.name, ...(form.parent ? { parent: form.parent } : {}) } });
      setForm({ id: '', name: '', parent: '' });
      tenants.reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  return (
    <div className="page">
      <h1>{t('tenants.title')}</h1>
      <ErrorBox error={tenants.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <section className="card">
        <Loading when={tenants.loading} />
        <table className="table">
          <thead><tr><th>{t('tenants.id')}</th><th>{t('tenants.name')}</th><th>{t('tenants.parent')}</th><th>{t('tenants.status')}</th><th>{t('incidents.created')}</th></tr></thead>
          <tbody>
            {(tenants.data?.tenants ?? []).map((x) => (
              <tr key={x.id}><td><code>{x.id}</code></td><td>{x.name}</td><td>{x.parent ?? ''}</td><td><Badge kind={x.status}>{x.status}</Badge></td><td>{fmtTime(x.createdAt, lang)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('tenants.new')}</h2>
        <form className="filters" onSubmit={create}>
          <label>{t('tenants.id')}<input required pattern="[a-z0-9_\-]{1,64}" {...field('id')} /></label>
          <label>{t('tenants.name')}<input required {...field('name')} /></label>
          <label>{t('tenants.parent')}
            <select {...field('parent')}>
              <option value="">—</option>
              {(tenants.data?.tenants ?? []).map((x) => <option key={x.id} value={x.id}>{x.id}</option>)}
            </select>
          </label>
          <button type="submit" className="primary">{t('common.create')}</button>
        </form>
      </section>
    </div>
  );
}

const AUDIT_LIMIT = 50;

export function Audit() {
  const s = useSession();
  const { t, lang } = s;
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState({ actor: '', action: '' });
  const [offset, setOffset] = useState(0);
  const entries = useLoad<{ entries: AuditRecord[] }>(
    (signal) => api('/api/v1/audit' + qs({ ...applied, offset, limit: AUDIT_LIMIT + 1 }), { signal }),
    [applied, offset],
  );
  const [verify, setVerify] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function check() {
    setError(null);
    try {
      const v = await api<{ intact: boolean; checked: number; firstBroken?: number; reason?: string }>('/api/v1/audit/verify');
      setVerify(v.intact ? t('audit.intact', { checked: v.checked }) : t('audit.broken', { first: v.firstBroken ?? '?', reason: v.reason ?? '' }));
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  const rows = entries.data?.entries ?? [];
  const more = rows.length > AUDIT_LIMIT;
  return (
    <div className="page">
      <h1>{t('audit.title')}</h1>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setOffset(0); setApplied({ actor: actor.trim(), action: action.trim() }); }}>
        <label>{t('audit.actor')}<input value={actor} onChange={(e) => setActor(e.target.value)} /></label>
        <label>{t('audit.action')}<input value={action} onChange={(e) => setAction(e.target.value)} placeholder="api.incidents" /></label>
        <button type="submit" className="primary">{t('common.search')}</button>
        <button type="button" onClick={check}>{t('audit.verify')}</button>
      </form>
      <ErrorBox error={entries.error} />
      {error && <div className="msg error" role="alert">{error}</div>}
      <Notice text={verify} />
      <section className="card">
        <Loading when={entries.loading} />
        <table className="table">
          <thead><tr><th>#</th><th>{t('common.time')}</th><th>{t('audit.actor')}</th><th>{t('audit.tenant')}</th><th>{t('audit.action')}</th><th>{t('audit.target')}</th><th>{t('audit.outcome')}</th></tr></thead>
          <tbody>
            {rows.slice(0, AUDIT_LIMIT).map((r) => (
              <tr key={r.sequence}>
                <td>{r.sequence}</td>
                <td>{fmtTime(r.time, lang)}</td>
                <td>{r.entry.actor.name}</td>
                <td>{r.entry.tenant ?? ''}</td>
                <td><code>{r.entry.action}</code></td>
                <td className="small">{r.entry.targetId ?? ''}{r.entry.details && <div className="muted">{r.entry.details}</div>}</td>
                <td><Badge kind={r.entry.outcome}>{r.entry.outcome}</Badge></td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.data && rows.length === 0 && <p className="muted">{t('common.none')}</p>}
        <Pager offset={offset} limit={AUDIT_LIMIT} total={offset + Math.min(rows.length, AUDIT_LIMIT) + (more ? 1 : 0)} onChange={setOffset} />
      </section>
    </div>
  );
}
