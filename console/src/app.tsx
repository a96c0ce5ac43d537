import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { ApiError, api, setTenant as storeTenant, setToken, tenant as storedTenant } from './api';
import type { Me } from './api';
import { initialLang, storeLang, translate } from './i18n';
import type { Key, Lang } from './i18n';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type Theme = 'light' | 'dark';
const THEME_KEY = 'medsoc.theme';

function initialTheme(): Theme {
  const stored = localStorage.getItem(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface Session {
  me: Me | null;
  tenant: string;
  tenants: string[];
  lang: Lang;
  theme: Theme;
  t: (key: Key, vars?: Record<string, string | number>) => string;
  can: (permission: string) => boolean;
  setTenant: (t: string) => void;
  setLang: (l: Lang) => void;
  setTheme: (t: Theme) => void;
  signedIn: (me: Me, token: string) => void;
  logout: () => void;
  setMe: (me: Me | null) => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

/** The tenants a caller may act on, its home (first granted) tenant first. */
function tenantsOf(me: Me | null): string[] {
  if (!me) return [];
  const all = Object.keys(me.permissions).sort();
  const home = me.grants[0]?.tenant;
  return home && all.includes(home) ? [home, ...all.filter((x) => x !== home)] : all;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [theme, setThemeState] = useState<Theme>(initialTheme);
  const [tenant, setTenantState] = useState<string>(() => storedTenant() ?? '');

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const tenants = useMemo(() => tenantsOf(me), [me]);
  // keep the chosen tenant one the caller may act on
  useEffect(() => {
    if (me && tenants.length > 0 && !tenants.includes(tenant)) {
      storeTenant(tenants[0]);
      setTenantState(tenants[0]);
    }
  }, [me, tenants, tenant]);

  const value = useMemo<Session>(() => {
    const t = (key: Key, vars?: Record<string, string | number>) => translate(lang, key, vars);
    return {
      me,
      tenant,
      tenants,
      lang,
      theme,
      t,
      can: (p) => !!me && (me.permissions[tenant] ?? []).includes(p),
      setTenant: (x) => {
        storeTenant(x);
        setTenantState(x);
      },
      setLang: (l) => {
        storeLang(l);
        setLangState(l);
      },
      setTheme: (x) => {
        localStorage.setItem(THEME_KEY, x);
        setThemeState(x);
      },
      signedIn: (m, token) => {
        setToken(token);
        const ts = tenantsOf(m);
        const keep = storedTenant();
        const next = keep && ts.includes(keep) ? keep : ts[0] ?? '';
        storeTenant(next);
        setTenantState(next);
        setMe(m);
      },
      logout: () => {
        api('/api/v1/auth/logout', { method: 'POST', tenant: false }).catch(() => {});
        setToken(null);
        storeTenant(null);
        setMe(null);
      },
      setMe: (m) => {
        // never act on a tenant the caller is not granted, not even for the first request
        const ts = tenantsOf(m);
        if (m && ts.length > 0 && !ts.includes(storedTenant() ?? '')) {
          storeTenant(ts[0]);
          setTenantState(ts[0]);
        }
        setMe(m);
      },
    };
  }, [me, tenant, tenants, lang, theme]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

// ---- loading data ----

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when the dependencies change (and on reload()); stale answers are dropped. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(undefined);
    load(ctl.signal).then(
      (d) => {
        if (!ctl.signal.aborted) {
          setData(d);
          setLoading(false);
        }
      },
      (e) => {
        if (!ctl.signal.aborted) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload };
}

// ---- small components ----

export function errorText(t: Session['t'], e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    const head =
      e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404 || e.status === 409 ||
      e.status === 413 || e.status === 423
        ? t(('error.' + e.status) as Key)
        : e.status >= 500
          ? t('error.5xx')
          : t('error.other');
    return `${head}: ${e.detail}`;
  }
  return `${t('error.other')}: ${e instanceof Error ? e.message : String(e)}`;
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useSession();
  if (!error) return null;
  return (
    <div className="msg error" role="alert">
      {errorText(t, error)}
    </div>
  );
}

export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="msg ok" role="status">
      {text}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  const { t } = useSession();
  if (!when) return null;
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('common.loading')}
    </div>
  );
}

export function Badge({ kind, children }: { kind: string; children: ReactNode }) {
  return <span className={'badge b-' + kind.toLowerCase()}>{children}</span>;
}

export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange: (o: number) => void }) {
  const { t } = useSession();
  if (total === 0) return null;
  return (
    <nav className="pager" aria-label="pagination">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('common.prev')}
      </button>
      <span>{t('common.page', { from: offset + 1, to: Math.min(total, offset + limit), total })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
      </button>
    </nav>
  );
}

/** An ECharts chart that follows the theme and the container width. */
export function Chart({ option, height = 220, label }: { option: echarts.EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { theme } = useSession();
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, [theme]);
  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', animation: false, ...option }, true);
  }, [option, theme]);
  return <div ref={ref} className="chart" style={{ height }} role="img" aria-label={label} />;
}

// ---- time ranges ----

export type RangeKey = '15m' | '1h' | '24h' | '7d' | 'custom';
export interface TimeRange {
  key: RangeKey;
  from: string;
  to: string;
}

const RANGE_MS: Record<Exclude<RangeKey, 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** The API's from/to for a range; relative ranges use the server's clock (now-15m). */
export function rangeParams(r: TimeRange): { from?: string; to?: string } {
  if (r.key === 'custom') {
    return {
      from: r.from ? new Date(r.from).toISOString() : undefined,
      to: r.to ? new Date(r.to).toISOString() : undefined,
    };
  }
  return { from: 'now-' + r.key, to: 'now' };
}

/** A histogram interval giving about 30–100 buckets over the range. */
export function rangeInterval(r: TimeRange): string {
  let ms: number;
  if (r.key === 'custom') {
    const from = r.from ? new Date(r.from).getTime() : Date.now() - 86_400_000;
    const to = r.to ? new Date(r.to).getTime() : Date.now();
    ms = Math.max(60_000, to - from);
  } else {
    ms = RANGE_MS[r.key];
  }
  const steps: [number, string][] = [
    [30_000, '30s'], [60_000, '1m'], [300_000, '5m'], [900_000, '15m'], [1_800_000, '30m'], [3_600_000, '1h'],
    [10_800_000, '3h'], [21_600_000, '6h'], [86_400_000, '1d'],
  ];
  for (const [step, text] of steps) if (ms / step <= 100) return text;
  return '1d';
}

export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const { t } = useSession();
  return (
    <fieldset className="range">
      <legend className="sr-only">{t('range.label')}</legend>
      <label>
        <span className="sr-only">{t('range.label')}</span>
        <select value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value as RangeKey })} aria-label={t('range.label')}>
          {(['15m', '1h', '24h', '7d', 'custom'] as RangeKey[]).map((k) => (
            <option key={k} value={k}>
              {t(('range.' + k) as Key)}
            </option>
          ))}
        </select>
      </label>
      {value.key === 'custom' && (
        <>
          <label>
            {t('range.from')}{' '}
            <input type="datetime-local" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
          </label>
          <label>
            {t('range.to')}{' '}
            <input type="datetime-local" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
          </label>
        </>
      )}
    </fieldset>
  );
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of an interval such as 30s, 5m, 1h or 1d. */
export function intervalMs(interval: string): number {
  const m = /^(\d+)([smhd])$/.exec(interval);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : 3_600_000;
}

/** The histogram with its empty buckets filled in over the range (the API answers only buckets with events). */
export function fillBuckets(buckets: { time: string; count: number }[], r: TimeRange, interval: string): { time: string; count: number }[] {
  const step = intervalMs(interval);
  const now = Date.now();
  const from = r.key === 'custom' ? (r.from ? new Date(r.from).getTime() : NaN) : now - RANGE_MS[r.key];
  const to = r.key === 'custom' ? (r.to ? new Date(r.to).getTime() : now) : now;
  if (isNaN(from) || isNaN(to) || (to - from) / step > 2000) return buckets;
  const counts = new Map(buckets.map((b) => [new Date(b.time).getTime(), b.count]));
  const out: { time: string; count: number }[] = [];
  for (let t = Math.floor(from / step) * step; t <= to; t += step) {
    out.push({ time: new Date(t).toISOString(), count: counts.get(t) ?? 0 });
    counts.delete(t);
  }
  for (const [t, count] of counts) out.push({ time: new Date(t).toISOString(), count });
  return out.sort((a, b) => a.time.localeCompare(b.time));
}

export function fmtTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

export function fmtDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (d > 0 ? d + 'd ' : '') + `${pad(h)}:${pad(m)}:${pad(sec)}`;
}

// ---- the frame around every signed-in page ----

interface NavItem {
  to: string;
  key: Key;
  permission?: string;
  /** only on a hub (GET /api/v1/hub/region answers 200) */
  hubOnly?: boolean;
  /** the link is active on exactly its path (not on the paths below it) */
  end?: boolean;
  /** paths below `to` that belong to another entry */
  except?: string[];
}

interface NavSection {
  id: string;
  key: Key;
  items: NavItem[];
}

/** The main navigation, grouped by what an analyst is doing. */
const NAV: NavSection[] = [
  { id: 'monitor', key: 'navs.monitor', items: [
    { to: '/', key: 'nav.overview', end: true },
    { to: '/events', key: 'nav.events', permission: 'EVENTS_READ' },
    { to: '/alerts', key: 'nav.alerts', permission: 'ALERTS_READ' },
  ] },
  { id: 'respond', key: 'navs.respond', items: [
    { to: '/incidents', key: 'nav.incidents', permission: 'INCIDENTS_READ' },
    { to: '/playbooks', key: 'nav.playbooks', permission: 'PLAYBOOKS_READ' },
    { to: '/oncall', key: 'nav.oncall', permission: 'INCIDENTS_READ' },
  ] },
  { id: 'risk', key: 'navs.risk', items: [
    { to: '/assets', key: 'nav.assets', permission: 'ASSETS_READ' },
    { to: '/vulnerabilities', key: 'nav.vulns', permission: 'VULNS_READ', except: ['/vulnerabilities/advisories'] },
    { to: '/vulnerabilities/advisories', key: 'nav.advisories', permission: 'VULNS_READ' },
  ] },
  { id: 'intel', key: 'navs.intel', items: [
    { to: '/intel', key: 'nav.intel', permission: 'RULES_READ' },
    { to: '/rules', key: 'nav.rules', permission: 'RULES_READ' },
    { to: '/suppressions', key: 'nav.suppressions', permission: 'INCIDENTS_READ' },
  ] },
  { id: 'region', key: 'navs.region', items: [{ to: '/hub', key: 'nav.hub', hubOnly: true }] },
  { id: 'admin', key: 'navs.admin', items: [
    { to: '/users', key: 'nav.users', permission: 'USERS_READ' },
    { to: '/tenants', key: 'nav.tenants', permission: 'TENANTS_ADMIN' },
    { to: '/audit', key: 'nav.audit', permission: 'AUDIT_READ' },
  ] },
];

const COLLAPSED_KEY = 'medsoc.nav.collapsed';

function initialCollapsed(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The left side bar: sections that fold open and shut (a button with aria-expanded each, remembered in
 * localStorage), entries the caller may not use left out, empty sections hidden. Everything is a button or a link,
 * so Tab reaches it all; the whole bar folds away on narrow screens.
 */
function SideNav({ hub }: { hub: boolean }) {
  const s = useSession();
  const { t } = s;
  const location = useLocation();
  const [collapsed, setCollapsed] = useState<string[]>(initialCollapsed);
  const toggle = (id: string) => {
    const next = collapsed.includes(id) ? collapsed.filter((x) => x !== id) : [...collapsed, id];
    localStorage.setItem(COLLAPSED_KEY, JSON.stringify(next));
    setCollapsed(next);
  };
  const visible = (n: NavItem) => (n.hubOnly ? hub : !n.permission || s.can(n.permission));
  const active = (n: NavItem) => {
    const p = location.pathname;
    if (n.end || n.to === '/') return p === n.to;
    if (n.except?.some((x) => p === x || p.startsWith(x + '/'))) return false;
    return p === n.to || p.startsWith(n.to + '/');
  };
  return (
    <nav aria-label={t('nav.main')} className="nav sidenav" data-testid="sidenav">
      {NAV.map((section) => {
        const items = section.items.filter(visible);
        if (items.length === 0) return null;
        const open = !collapsed.includes(section.id);
        const here = items.some(active);
        return (
          <div key={section.id} className={'navsection' + (here ? ' here' : '')} data-section={section.id}>
            <button type="button" className="navhead" aria-expanded={open} aria-controls={'nav-' + section.id}
              onClick={() => toggle(section.id)} data-testid={'navsection-' + section.id}>
              <span className="chevron" aria-hidden="true">{open ? '▾' : '▸'}</span> {t(section.key)}
            </button>
            <ul id={'nav-' + section.id} hidden={!open}>
              {items.map((n) => (
                <li key={n.to}>
                  <Link to={n.to} className={active(n) ? 'active' : undefined} aria-current={active(n) ? 'page' : undefined}>
                    {t(n.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

/** Whether this node is a hub the caller may view: GET /api/v1/hub/region answers 200 (404 on a plain node). */
function useHub(me: Me | null): boolean {
  const [hub, setHub] = useState(false);
  useEffect(() => {
    setHub(false);
    if (!me || !Object.values(me.permissions).some((p) => p.includes('HUB_VIEW'))) return;
    const ctl = new AbortController();
    api('/api/v1/hub/region', { tenant: false, signal: ctl.signal }).then(() => setHub(true), () => setHub(false));
    return () => ctl.abort();
  }, [me]);
  return hub;
}

export function Layout({ children }: { children: ReactNode }) {
  const s = useSession();
  const { t } = s;
  const hub = useHub(s.me);
  const [navOpen, setNavOpen] = useState(() => window.innerWidth > 800);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('top.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">✚</span> {t('app.name')}
        </div>
        <button type="button" className="navtoggle" aria-expanded={navOpen} aria-controls="sidenav-wrap"
          aria-label={t('nav.toggle')} data-testid="nav-toggle" onClick={() => setNavOpen(!navOpen)}>
          ☰
        </button>
        <div className="spacer" />
        <div className="tools">
          {s.tenants.length > 1 ? (
            <label>
              <span className="sr-only">{t('top.tenant')}</span>
              <select aria-label={t('top.tenant')} data-testid="tenant" value={s.tenant} onChange={(e) => s.setTenant(e.target.value)}>
                {s.tenants.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="tenant" data-testid="tenant-single" title={t('top.tenant')}>
              {s.tenant}
            </span>
          )}
          <button
            type="button"
            data-testid="lang"
            aria-label={t('top.language')}
            onClick={() => s.setLang(s.lang === 'zh' ? 'en' : 'zh')}
          >
            {s.lang === 'zh' ? 'English' : '中文'}
          </button>
          <button
            type="button"
            data-testid="theme"
            aria-label={t('top.theme')}
            onClick={() => s.setTheme(s.theme === 'dark' ? 'light' : 'dark')}
          >
            {s.theme === 'dark' ? '☀ ' + t('top.theme.light') : '☾ ' + t('top.theme.dark')}
          </button>
          <span className="user" title={s.me?.username}>
            {s.me?.displayName}
          </span>
          <button type="button" onClick={s.logout}>
            {t('top.logout')}
          </button>
        </div>
      </header>
      <div className="body">
        <div id="sidenav-wrap" className={'sidewrap' + (navOpen ? '' : ' closed')}>
          <SideNav hub={hub} />
        </div>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
