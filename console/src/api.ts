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

// ---- uploads with progress ----

/** Where an upload stands: sending (with the fraction sent), then the server processing it. */
export type UploadPhase = { phase: 'sending'; fraction: number } | { phase: 'processing' };

/**
 * Sends a file like api() does but through XMLHttpRequest, which reports upload progress: onPhase gets the
 * fraction sent, then 'processing' once the whole body is out and the server works on it.
 */
export function upload<T>(path: string, file: Blob, options: { method?: string; contentType?: string; tenant?: boolean },
  onPhase: (p: UploadPhase) => void): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    const tn = tenant();
    if (tn && options.tenant !== false) xhr.setRequestHeader('X-Medsoc-Tenant', tn);
    xhr.setRequestHeader('Content-Type', options.contentType || 'application/octet-stream');
    onPhase({ phase: 'sending', fraction: 0 });
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onPhase({ phase: 'sending', fraction: e.total ? e.loaded / e.total : 1 });
    };
    xhr.upload.onload = () => onPhase({ phase: 'processing' });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network'));
    xhr.onload = () => {
      if (xhr.status === 401) {
        setToken(null);
        onUnauthenticated();
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        let code = 'HTTP_' + xhr.status;
        let detail = xhr.statusText || String(xhr.status);
        try {
          const p = JSON.parse(xhr.responseText);
          if (p && typeof p.detail === 'string') detail = p.detail;
          if (p && typeof p.code === 'string') code = p.code;
        } catch {
          // not problem JSON
        }
        reject(new ApiError(xhr.status, code, detail));
        return;
      }
      try {
        resolvePromise((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } catch {
        reject(new ApiError(xhr.status, 'BAD_JSON', 'the answer is not JSON'));
      }
    };
    xhr.send(file);
  });
}

/** Ids that the API writes either as a string or as {value} (records wrapping a string). */
export type IdLike = string | { value: string };
export function idText(x: IdLike | undefined | null): string {
  if (x === undefined || x === null) return '';
  return typeof x === 'string' ? x : x.value;
}

// ---- assets and vulnerabilities ----

export interface Software { name: string; version: string }
export interface OpenPort { port: number; protocol: string; service: string; product: string; version: string }

export interface AssetAttributes {
  kind: string;
  name: string;
  ips: string[];
  macs: string[];
  hostnames: string[];
  osName: string;
  osVersion: string;
  middleware: Software[];
  databases: Software[];
  frameworks: Software[];
  vendor: string;
  model: string;
  firmware: string;
  modality: string;
  businessSystem: string;
  owner: string;
  department: string;
  location: string;
  criticality: number;
  exposure: { port: number; protocol: string; service: string }[];
  ports: OpenPort[];
  cpes: string[];
  tags: string[];
}

export interface Asset {
  id: number;
  tenant: string;
  attributes: AssetAttributes;
  status: 'CANDIDATE' | 'ACTIVE' | 'RETIRED';
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface AssetPage { total: number; offset: number; limit: number; assets: Asset[] }

export interface Finding {
  id: number;
  hostKey: string;
  ip?: string;
  hostname?: string;
  port: number;
  protocol: string;
  scanner: string;
  scannerId: string;
  title: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';
  cves: string[];
  cvss3Score?: number;
  cvss4Score?: number;
  solution: string;
  knownExploited: boolean;
  kevDue?: string;
  epss?: { epss: number; percentile: number };
  state: 'OPEN' | 'IN_PROGRESS' | 'FIXED' | 'REOPENED' | 'ACCEPTED' | 'FALSE_POSITIVE';
  firstSeen: string;
  lastSeen: string;
  closedAt?: string;
  reopenCount: number;
  dueAt?: string;
  overdue: boolean;
  acceptance?: { reason: string; approver: string; expiresAt: string };
  falsePositiveReason?: string;
  plan?: { owner: string; action: string; due: string };
  retest: string;
  updatedAt: string;
  version: number;
}

export interface FindingPage { items: Finding[]; total: number; offset: number; limit: number }

export interface FindingCounts {
  bySeverityAndState: Record<string, Record<string, number>>;
  overdue: number;
  knownExploitedActive: number;
}

export interface ScanImportResult { importId: number; findings: number; created: number; seenAgain: number; reopened: number; fixed: number; duplicates: number }

export interface ScanImportAnswer {
  format: string;
  result: ScanImportResult;
  assets?: { created: number; updated: number; unchanged: number };
}

export interface ImportRecord {
  id: number;
  sourceName: string;
  scanner: string;
  actor: { id: string; name: string };
  importedAt: string;
  hosts: number;
  result: ScanImportResult;
}

export interface AdvisoryNotice {
  id: number;
  tenant: string;
  advisoryId: string;
  /** the advisory itself (absent when it is no longer stored) */
  advisory?: { title: string; severity: string; cves: string[]; published?: string };
  assets: { assetId: string; assetName: string; matched: string; version: string; reason: string }[];
  state: 'NEW' | 'ACKNOWLEDGED';
  createdAt: string;
  acknowledgedBy?: { id: string; name: string };
  acknowledgedAt?: string;
}

// ---- intel ----

export interface SightingCounts { seen: number; truePositive: number; falsePositive: number; expired: number; lastSeen?: string; suppressed: boolean }
export interface IndicatorRow { type: string; value: string; source: string; confidence: number; tlp: string; validUntil?: string; tags: string[]; sightings?: SightingCounts }
export interface RecordedSighting {
  id: number;
  indicator: { type: string; value: string };
  kind: 'SEEN' | 'FALSE_POSITIVE' | 'EXPIRED' | 'TRUE_POSITIVE';
  origin: 'AUTOMATIC' | 'USER' | 'NODE';
  source: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  note: string;
  recordedAt: string;
}
export interface FeedStatus { name: string; kind: string; url: string; interval: string; tenant: string; lastAttempt?: string; lastSuccess?: string; lastError?: string; addedAfter?: string; objects: number }
export interface BundleRow { name: string; indicators: number; problems: number }
export interface WarningListRow { name: string; builtin: boolean; size: number; entries?: { type: string; value: string }[] }

// ---- playbooks ----

export interface PlaybookSummary { id: string; name: string; version: number; enabled: boolean; trigger: string; steps: string[]; yaml?: string }

export interface PlaybookRun {
  id: string;
  tenant: string;
  playbookId: string;
  playbookVersion: number;
  triggerJson: string;
  state: 'RUNNING' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  stepIndex: number;
  wakeAt: string;
  error?: string;
  created: string;
  updated: string;
}

export interface StepAttempt {
  seq: number;
  stepId: string;
  attempt: number;
  state: string;
  started: string;
  finished?: string;
  wakeAt?: string;
  outputJson?: string;
  error?: string;
}

// ---- notification channels and on-call ----

export interface Channel { name: string; type?: string }
export interface ChannelTest { result: 'delivered' | 'transient' | 'permanent'; messageId?: string; reason?: string; retryAfterSeconds?: number }
export interface Contact { id: string; name: string; channels: { channel: string; address: string }[]; language: string }
export interface OnCall { configured: boolean; onDuty: Contact[]; yaml?: string }
export interface PageRecord {
  id: number;
  incidentId: string;
  title: string;
  severity: string;
  state: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'EXHAUSTED';
  createdAt: string;
  nextDeadline?: string;
  protection?: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  exhaustedAt?: string;
  version: number;
}
export interface DeliveryAttempt { level: number; contactId: string; channel: string; attempt: number; outcome: string; detail: string; at: string }

// ---- hub (regional view) ----

export interface NodeOverview {
  node: IdLike;
  tenant: string;
  name: string;
  state: 'ACTIVE' | 'REVOKED';
  lastHeartbeat?: string;
  health?: 'OK' | 'DEGRADED' | 'FAILING';
  silent: boolean;
  openIncidents: number;
  openWarnings: number;
  overdueWarnings: number;
  closedIncidents: number;
  closedWithinSla: number;
  slaCompliance?: number;
  posture?: { assets: number; criticalAssets: number; openVulnerabilities: number; criticalVulnerabilities: number; overdueVulnerabilities: number };
  riskScore?: number;
}
export interface RegionIncident { node: IdLike; tenant: string; incidentRef: string; title: string; severity: string; state: string; openedAt: string; updatedAt: string }
export interface ThreatRank { name: string; nodes: number; hits: number }
export interface IndicatorRank { kind: string; value: string; nodes: number; sightings: number; lastSeen: string }
export interface WarningDelivery {
  directiveId: number;
  node: IdLike;
  tenant: string;
  title: string;
  state: 'SENT' | 'RECEIVED' | 'ACKNOWLEDGED' | 'DISPOSED' | 'VERIFIED';
  deadline: string;
  sentAt: string;
  receivedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  disposedAt?: string;
  evidence?: string;
  verifiedAt?: string;
  verifiedBy?: string;
  overdue: boolean;
}
export interface TraceNodeResult { node: IdLike; tenant: string; status: 'PENDING' | 'ANSWERED' | 'FAILED'; count: number; firstSeen?: string; lastSeen?: string; answeredAt?: string; error?: string }
export interface Trace { id: number; indicator: string; from: string; to: string; createdAt: string; createdBy: string; directiveId: number; nodes: TraceNodeResult[] }
export interface RegionView {
  nodes: NodeOverview[];
  openIncidents: RegionIncident[];
  topThreats: ThreatRank[];
  topIndicators: IndicatorRank[];
  warnings?: { open?: number; overdue?: number };
  sla?: { closedIncidents?: number; closedWithinSla?: number; compliance?: number };
}
export interface EnrolmentCode { code: string; tenant: string; nodeName: string; expiresAt: string }
