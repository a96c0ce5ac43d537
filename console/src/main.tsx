import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { api, setToken, token, whenUnauthenticated } from './api';
import type { Me } from './api';
import { Layout, Loading, SessionProvider, useSession } from './app';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { Events } from './pages/Events';
import { Alerts } from './pages/Alerts';
import { Incidents } from './pages/Incidents';
import { IncidentDetail } from './pages/IncidentDetail';
import { Rules } from './pages/Rules';
import { Suppressions } from './pages/Suppressions';
import { Audit, Tenants, Users } from './pages/Admin';
import { AssetDetail, Assets } from './pages/Assets';
import { Advisories, RemediationPlan, ScanImport, Vulnerabilities } from './pages/Vulnerabilities';
import { Intel } from './pages/Intel';
import { Playbooks } from './pages/Playbooks';
import { OnCall } from './pages/OnCall';
import { Hub } from './pages/Hub';
import './styles.css';

function Gate() {
  const s = useSession();
  const [checking, setChecking] = useState(() => !!token() && !s.me);
  useEffect(() => {
    whenUnauthenticated(() => s.setMe(null));
    if (token() && !s.me) {
      api<Me>('/api/v1/auth/me', { tenant: false })
        .then((me) => s.setMe(me))
        .catch(() => setToken(null))
        .finally(() => setChecking(false));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (checking) return <Loading when />;
  if (!s.me) return <Login />;
  return (
    <Layout>
      {/* a tenant switch remounts every page so that everything is read again for the new tenant */}
      <Routes key={s.tenant}>
        <Route path="/" element={<Overview />} />
        <Route path="/events" element={<Events />} />
        <Route path="/alerts" element={<Alerts />} />
        <Route path="/incidents" element={<Incidents />} />
        <Route path="/incidents/:id" element={<IncidentDetail />} />
        <Route path="/rules" element={<Rules />} />
        <Route path="/suppressions" element={<Suppressions />} />
        <Route path="/users" element={<Users />} />
        <Route path="/tenants" element={<Tenants />} />
        <Route path="/audit" element={<Audit />} />
        <Route path="/assets" element={<Assets />} />
        <Route path="/assets/:id" element={<AssetDetail />} />
        <Route path="/vulnerabilities" element={<Vulnerabilities />} />
        <Route path="/vulnerabilities/plan" element={<RemediationPlan />} />
        <Route path="/vulnerabilities/import" element={<ScanImport />} />
        <Route path="/vulnerabilities/advisories" element={<Advisories />} />
        <Route path="/intel" element={<Intel />} />
        <Route path="/playbooks" element={<Playbooks />} />
        <Route path="/oncall" element={<OnCall />} />
        <Route path="/hub" element={<Hub />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

function NotFound() {
  const { t } = useSession();
  return <h1>{t('notfound.title')}</h1>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <BrowserRouter>
        <Gate />
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
