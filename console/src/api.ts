// The medsoc REST API as the console uses it: bearer session token (sessionStorage), the tenant header, and
// RFC 9457 problem answers turned into ApiError with the server's `detail`.

const TOKEN_KEY = 'medsoc.token';
const TENANT_KEY = 'medsoc.tenant';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function tenant(): string | null {
  return sessionStorage.getItem(TENANT_KEY);
}

export function setTenant(value: string | null): void {
  if (value) sessionStorage.setItem(TENANT_KEY, value);
  else sessionStorage.removeItem(TENANT_KEY);
}

/** Called on every 401 (the session ended or the token is unknown): the app goes back to the login page. */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(f: () => void): void {
  onUnauthenticated = f;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  raw?: Blob | string;
  contentType?: string;
  /** false: do not send X-Medsoc-Tenant (node-wide resources). */
  tenant?: boolean;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const tn = tenant();
  if (tn && options.tenant !== false) headers['X-Medsoc-Tenant'] = tn;
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (res.status === 401 && !path.endsWith('/auth/login')) {
    setToken(null);
    onUnauthenticated();
  }
  if (!res.ok) {
    let code = 'HTTP_' + res.status;
    let detail = res.statusText || String(res.status);
    try {
      const p = await res.json();
      if (p && typeof p.detail === 'string') detail = p.detail;
      if (p && typeof p.code === 'string') code = p.code;
    } catch {
      // not problem JSON: keep the status text
    }
    throw new ApiError(res.status, code, detail);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

// ---- shapes of the answers (only what the console reads) ----

export interface Me {
  id: string;
  username: string;
  displayName: string;
  grants: { tenant: string; role: string }[];
  permissions: Record<string, string[]>;
  method: string;
}

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  user: Me;
}

export type EventDoc = Record<string, unknown> & { _id?: string; '@timestamp': string };

export interface SearchResult {
  total: number;
  offset: number;
  limit: number;
  events: EventDoc[];
}

export interface Histogram {
  interval: string;
  buckets: { time: string; count: number }[];
  total: number;
}

export interface TopValues {
  field: string;
  values: { value: string; count: number }[];
}

export type SlaState = 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | 'MET' | string;

export interface Incident {
  tenant: string;
  id: number;
  title: string;
  description: string;
  state: 'NEW' | 'TRIAGING' | 'CONTAINING' | 'RESOLVED' | 'CLOSED';
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  assignee?: string;
  ruleId?: string;
  alertCount: number;
  firstAlertAt?: string;
  lastAlertAt?: string;
  createdAt: string;
  updatedAt: string;
  resolution?: string;
  summary?: string;
  attributes?: Record<string, string[]>;
  sla: { responseDue?: string; response: SlaState; resolutionDue?: string; resolution: SlaState };
  version: number;
}

export interface IncidentPage {
  total: number;
  offset: number;
  limit: number;
  incidents: Incident[];
}

export interface Actor {
  id: string;
  name: string;
  human?: boolean;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: Actor;
  what: string;
  field?: string;
  oldValue?: string;
  newValue?: string;
  note?: string;
}

export interface Comment {
  id: number;
  author: Actor;
  body: string;
  createdAt: string;
}

export interface Evidence {
  id: number;
  kind: string;
  ref: string;
  note: string;
  addedBy: string;
  addedAt: string;
}

export interface Rule {
  id: string;
  title: string;
  level: string;
  status: string;
  tags: string[];
  logsource: string;
  source: string;
  enabled: boolean;
  runnable: boolean;
  refusal?: string;
  evaluations: number;
  matches: number;
  meanEvaluationNanos: number;
}

export interface Suppression {
  id: number;
  ruleId: string;
  conditions: { field: string; value?: string; values?: string[]; cidr?: string }[];
  expiresAt: string;
  reason: string;
  author: Actor;
  createdAt: string;
  hitCount: number;
  version: number;
}

export interface User {
  id: { value: string } | string;
  username: string;
  displayName: string;
  homeTenant: string;
  status: string;
  grants: { tenant: string; role: string }[];
  createdAt: string;
}

export interface Tenant {
  id: string;
  name: string;
  parent?: string;
  status: string;
  createdAt: string;
}

export interface AuditRecord {
  sequence: number;
  time: string;
  entry: {
    actor: Actor;
    tenant?: string;
    action: string;
    targetType?: string;
    targetId?: string;
    outcome: string;
    clientAddress?: string;
    details?: string;
  };
  hash: string;
}
