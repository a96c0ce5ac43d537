import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ApiError, tenant, token, upload } from './api';
import type { UploadPhase } from './api';
import { errorText, useSession } from './app';

/** Where an upload form stands: idle, sending (fraction), processing on the server, done, failed. */
export type UploadState = { kind: 'idle' } | { kind: 'sending'; fraction: number } | { kind: 'processing' } | { kind: 'done' } | { kind: 'failed'; message: string };

/** A progress bar with the phase in words (polite live region so screen readers hear it). */
export function UploadProgress({ state }: { state: UploadState }) {
  const { t } = useSession();
  if (state.kind === 'idle') return null;
  const value = state.kind === 'sending' ? Math.round(state.fraction * 100) : state.kind === 'failed' ? 0 : 100;
  const text = state.kind === 'sending' ? t('upload.sending', { percent: value })
    : state.kind === 'processing' ? t('upload.processing')
      : state.kind === 'done' ? t('upload.done') : state.message;
  return (
    <div className={'upload-progress ' + state.kind} data-testid="upload-progress" data-phase={state.kind}>
      <progress max={100} value={state.kind === 'processing' ? undefined : value} aria-label={t('upload.progress')} />
      <span role={state.kind === 'failed' ? 'alert' : 'status'} aria-live="polite" className={state.kind === 'failed' ? 'msg error' : 'muted small'}>
        {state.kind === 'processing' && <><span className="spinner" aria-hidden="true" />{' '}</>}{text}
      </span>
    </div>
  );
}

/**
 * A file upload form with progress: the caller gives the request (path, content type) for the chosen file and
 * renders the server's answer.
 */
export function UploadForm<T>({ title, accept, fields, request, onDone, result, testid }: {
  title: string;
  accept: string;
  fields?: ReactNode;
  request: (file: File) => { path: string; contentType: string; method?: string; tenant?: boolean } | string;
  onDone: (answer: T) => void;
  result?: ReactNode;
  testid: string;
}) {
  const { t } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const busy = state.kind === 'sending' || state.kind === 'processing';
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const r = request(file);
    if (typeof r === 'string') {
      setState({ kind: 'failed', message: r });
      return;
    }
    try {
      const answer = await upload<T>(r.path, file, { method: r.method, contentType: r.contentType, tenant: r.tenant },
        (p: UploadPhase) => setState(p.phase === 'sending' ? { kind: 'sending', fraction: p.fraction } : { kind: 'processing' }));
      setState({ kind: 'done' });
      onDone(answer);
    } catch (err) {
      setState({ kind: 'failed', message: errorText(t, err) });
    }
  }
  return (
    <section className="card" data-testid={testid}>
      <h2>{title}</h2>
      <form className="filters" onSubmit={submit}>
        {fields}
        <label>
          {t('upload.file')}
          <input type="file" required accept={accept} onChange={(e) => { setFile(e.target.files?.[0] ?? null); setState({ kind: 'idle' }); }} />
        </label>
        <button type="submit" className="primary" disabled={busy || !file}>{t('upload.start')}</button>
      </form>
      <UploadProgress state={state} />
      {state.kind === 'done' && result}
    </section>
  );
}

/** Downloads an API answer (CSV, STIX) as a file, with the session's token. */
export async function download(path: string, filename: string, withTenant = true): Promise<void> {
  const headers: Record<string, string> = {};
  const tk = token();
  if (tk) headers.Authorization = 'Bearer ' + tk;
  const tn = tenant();
  if (tn && withTenant) headers['X-Medsoc-Tenant'] = tn;
  const res = await fetch(path, { headers });
  if (!res.ok) {
    let detail = res.statusText || String(res.status);
    try {
      const p = await res.json();
      if (p && typeof p.detail === 'string') detail = p.detail;
    } catch {
      // not problem JSON
    }
    throw new ApiError(res.status, 'HTTP_' + res.status, detail);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
