import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, qs } from '../api';
import type { Asset, AssetPage, Finding, FindingPage } from '../api';
import { Badge, ErrorBox, Loading, Pager, errorText, fmtTime, useLoad, useSession } from '../app';
import type { Key } from '../i18n';
import { FindingRows } from './Vulnerabilities';

const LIMIT = 50;
export const KINDS = ['HOST', 'NETWORK_DEVICE', 'SECURITY_DEVICE', 'MEDICAL_DEVICE', 'APPLICATION', 'PRINTER', 'MOBILE', 'IOT'];
const STATUSES = ['ACTIVE', 'CANDIDATE', 'RETIRED'];

/** Criticality 1..4 as a badge (4 = most critical). */
export function Criticality({ value }: { value: number }) {
  const { t } = useSession();
  const kind = value >= 4 ? 'critical' : value === 3 ? 'high' : value === 2 ? 'medium' : 'low';
  return <Badge kind={kind}>{t(('criticality.' + Math.min(4, Math.max(1, value))) as Key)}</Badge>;
}

export function Assets() {
  const s = useSession();
  const { t, lang } = s;
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    business_system: params.get('business_system') ?? '',
    min_criticality: params.get('min_criticality') ?? '',
    status: params.get('status') ?? '',
  };
  const offset = Number(params.get('offset') ?? '0') || 0;
  const [text, setText] = useState(filters.q);
  const [system, setSystem] = useState(filters.business_system);
  const page = useLoad<AssetPage>(
    (signal) => api('/api/v1/assets' + qs({ ...filters, kind: filters.kind.toLowerCase(), status: filters.status.toLowerCase(), sort: '-criticality', offset, limit: LIMIT }), { signal }),
    [params.toString()],
  );
  function set(next: Partial<typeof filters> & { offset?: number }) {
    const merged: Record<string, string> = { ...filters, ...next, offset: String(next.offset ?? 0) } as Record<string, string>;
    for (const k of Object.keys(merged)) if (!merged[k] || merged[k] === '0') delete merged[k];
    setParams(merged);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    set({ q: text.trim(), business_system: system.trim() });
  }
  return (
    <div className="page">
      <h1>{t('assets.title')}</h1>
      <form className="filters" onSubmit={submit} role="search">
        <label>
          {t('assets.search')}
          <input data-testid="asset-q" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('assets.searchHint')} size={22} />
        </label>
        <label>
          {t('assets.kind')}
          <select data-testid="asset-kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((k) => <option key={k} value={k}>{t(('kind.' + k) as Key)}</option>)}
          </select>
        </label>
        <label>
          {t('assets.minCriticality')}
          <select data-testid="asset-criticality" value={filters.min_criticality} onChange={(e) => set({ min_criticality: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {[4, 3, 2].map((c) => <option key={c} value={c}>≥ {t(('criticality.' + c) as Key)}</option>)}
          </select>
        </label>
        <label>
          {t('assets.businessSystem')}
          <input value={system} onChange={(e) => setSystem(e.target.value)} size={12} />
        </label>
        <label>
          {t('assets.status')}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((x) => <option key={x} value={x}>{t(('assetStatus.' + x) as Key)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={page.error} />
      <section className="card">
        <div className="row between">
          <h2 data-testid="assets-total">{page.data ? t('assets.total', { total: page.data.total }) : t('assets.title')}</h2>
          <Loading when={page.loading} />
        </div>
        <table className="table" data-testid="assets">
          <thead>
            <tr>
              <th>{t('assets.name')}</th>
              <th>{t('assets.kind')}</th>
              <th>{t('assets.addresses')}</th>
              <th>{t('assets.businessSystem')}</th>
              <th>{t('assets.owner')}</th>
              <th>{t('assets.criticality')}</th>
              <th>{t('assets.status')}</th>
              <th>{t('assets.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.assets ?? []).map((a) => (
              <tr key={a.id}>
                <td><Link to={'/assets/' + a.id}>{a.attributes.name || a.attributes.ips[0] || '#' + a.id}</Link>
                  {a.attributes.exposure.length > 0 && <> <Badge kind="high">{t('assets.exposed')}</Badge></>}</td>
                <td>{t(('kind.' + a.attributes.kind) as Key)}</td>
                <td className="small"><code>{[...a.attributes.ips, ...a.attributes.hostnames].slice(0, 3).join(', ')}</code></td>
                <td>{a.attributes.businessSystem}</td>
                <td>{a.attributes.owner}<div className="muted small">{a.attributes.department}</div></td>
                <td><Criticality value={a.attributes.criticality} /></td>
                <td><Badge kind={a.status === 'ACTIVE' ? 'active' : 'neutral'}>{t(('assetStatus.' + a.status) as Key)}</Badge></td>
                <td>{fmtTime(a.lastSeen, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data && page.data.assets.length === 0 && <p className="muted">{t('common.none')}</p>}
        {page.data && <Pager offset={offset} limit={LIMIT} total={page.data.total} onChange={(o) => set({ offset: o })} />}
      </section>
    </div>
  );
}

/** The findings on an asset: each of its addresses and host names is a host of the finding ledger. */
async function findingsOf(a: Asset, signal: AbortSignal): Promise<Finding[]> {
  const hosts = [...new Set([...a.attributes.ips, ...a.attributes.hostnames])].slice(0, 5);
  const byId = new Map<number, Finding>();
  for (const h of hosts) {
    const p = await api<FindingPage>('/api/v1/vulnerabilities' + qs({ host: h, sort: 'severity', limit: 200 }), { signal });
    for (const f of p.items) byId.set(f.id, f);
  }
  return [...byId.values()];
}

export function AssetDetail() {
  const s = useSession();
  const { t, lang } = s;
  const { id } = useParams();
  const asset = useLoad<Asset>((signal) => api('/api/v1/assets/' + encodeURIComponent(id ?? ''), { signal }), [id]);
  const findings = useLoad<Finding[]>((signal) => (asset.data ? findingsOf(asset.data, signal) : Promise.resolve([])), [asset.data]);
  const [error, setError] = useState<string | null>(null);
  const a = asset.data;
  async function confirm() {
    if (!a) return;
    setError(null);
    try {
      await api('/api/v1/assets/' + a.id + '/confirm', { method: 'POST', body: { version: a.version } });
      asset.reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  }
  const sw = (list: { name: string; version: string }[]) => list.map((x) => x.name + (x.version ? ' ' + x.version : '')).join(', ');
  return (
    <div className="page">
      <Link to="/assets">← {t('assets.back')}</Link>
      <ErrorBox error={asset.error} />
      <Loading when={asset.loading} />
      {error && <div className="msg error" role="alert">{error}</div>}
      {a && (
        <>
          <div className="row between wrap">
            <h1 data-testid="asset-name">{a.attributes.name || '#' + a.id} <Criticality value={a.attributes.criticality} /></h1>
            <div className="row">
              <Badge kind={a.status === 'ACTIVE' ? 'active' : 'neutral'}>{t(('assetStatus.' + a.status) as Key)}</Badge>
              {a.status === 'CANDIDATE' && s.can('ASSETS_WRITE') && <button type="button" onClick={confirm}>{t('assets.confirm')}</button>}
            </div>
          </div>
          <div className="grid2">
            <section className="card">
              <h2>{t('assets.attributes')}</h2>
              <table className="kv">
                <tbody>
                  <tr><th>{t('assets.kind')}</th><td>{t(('kind.' + a.attributes.kind) as Key)}</td></tr>
                  <tr><th>IP</th><td>{a.attributes.ips.join(', ')}</td></tr>
                  <tr><th>MAC</th><td>{a.attributes.macs.join(', ')}</td></tr>
                  <tr><th>{t('assets.hostnames')}</th><td>{a.attributes.hostnames.join(', ')}</td></tr>
                  <tr><th>{t('assets.os')}</th><td>{a.attributes.osName} {a.attributes.osVersion}</td></tr>
                  <tr><th>{t('assets.businessSystem')}</th><td>{a.attributes.businessSystem}</td></tr>
                  <tr><th>{t('assets.owner')}</th><td>{a.attributes.owner}</td></tr>
                  <tr><th>{t('assets.department')}</th><td>{a.attributes.department}</td></tr>
                  <tr><th>{t('assets.location')}</th><td>{a.attributes.location}</td></tr>
                  {(a.attributes.vendor || a.attributes.model) && <tr><th>{t('assets.device')}</th><td>{a.attributes.vendor} {a.attributes.model} {a.attributes.firmware}</td></tr>}
                  {a.attributes.modality && <tr><th>{t('assets.modality')}</th><td>{a.attributes.modality}</td></tr>}
                  <tr><th>{t('assets.software')}</th><td>{sw([...a.attributes.middleware, ...a.attributes.databases, ...a.attributes.frameworks])}</td></tr>
                  <tr><th>{t('assets.firstSeen')}</th><td>{fmtTime(a.firstSeen, lang)}</td></tr>
                  <tr><th>{t('assets.lastSeen')}</th><td>{fmtTime(a.lastSeen, lang)}</td></tr>
                </tbody>
              </table>
            </section>
            <section className="card">
              <h2>{t('assets.ports')}</h2>
              {a.attributes.ports.length === 0 ? <p className="muted">{t('common.none')}</p> : (
                <ul className="plain">
                  {a.attributes.ports.map((p) => (
                    <li key={p.port + p.protocol}><code>{p.port}/{p.protocol}</code> {p.service} <span className="muted">{p.product} {p.version}</span>
                      {a.attributes.exposure.some((x) => x.port === p.port) && <> <Badge kind="high">{t('assets.exposed')}</Badge></>}</li>
                  ))}
                </ul>
              )}
              {a.attributes.tags.length > 0 && <p>{a.attributes.tags.map((x) => <span key={x} className="tag">{x}</span>)}</p>}
            </section>
          </div>
          <section className="card">
            <div className="row between">
              <h2 data-testid="asset-findings-title">{t('assets.findings', { count: findings.data?.length ?? 0 })}</h2>
              <Loading when={findings.loading} />
            </div>
            <ErrorBox error={findings.error} />
            {findings.data && findings.data.length === 0 ? <p className="muted">{t('assets.noFindings')}</p> : (
              <FindingRows items={findings.data ?? []} onChanged={findings.reload} testid="asset-findings" />
            )}
          </section>
        </>
      )}
    </div>
  );
}
