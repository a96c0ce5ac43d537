import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, api } from '../api';
import type { LoginAnswer } from '../api';
import { errorText, useSession } from '../app';

export function Login() {
  const s = useSession();
  const { t } = s;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api<LoginAnswer>('/api/v1/auth/login', { method: 'POST', body: { username, password }, tenant: false });
      s.signedIn(a.user, a.token);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="card login" onSubmit={submit} aria-busy={busy}>
        <div className="brand big">
          <span className="logo" aria-hidden="true">✚</span> {t('app.name')}
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <h1>{t('login.title')}</h1>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <div className="msg error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <div className="row end">
          <button type="button" className="link" onClick={() => s.setLang(s.lang === 'zh' ? 'en' : 'zh')} data-testid="lang">
            {s.lang === 'zh' ? 'English' : '中文'}
          </button>
        </div>
      </form>
    </div>
  );
}
