import { useMemo } from 'react';
import { Link } from 'react-router';
import { api, qs } from '../api';
import type { Histogram, Incident, IncidentPage, TopValues } from '../api';
import { Badge, Chart, ErrorBox, Loading, fillBuckets, useLoad, useSession } from '../app';
import type { Key } from '../i18n';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
const SLA = ['BREACHED', 'AT_RISK', 'ON_TRACK', 'MET'] as const;
const COLORS: Record<string, string> = {
  CRITICAL: '#b3261e', HIGH: '#e8710a', MEDIUM: '#d4a72c', LOW: '#3b82f6',
  BREACHED: '#b3261e', AT_RISK: '#e8710a', ON_TRACK: '#2e7d32', MET: '#64748b',
};

export function Overview() {
  const s = useSession();
  const { t } = s;
  const events = s.can('EVENTS_READ');
  const histogram = useLoad<Histogram | null>(
    (signal) => (events ? api<Histogram>('/api/v1/events/histogram' + qs({ from: 'now-24h', to: 'now', interval: '1h' }), { signal }) : Promise.resolve(null)),
    [events],
  );
  const open = useLoad<IncidentPage>(
    (signal) => api('/api/v1/incidents' + qs({ state: 'new,triaging,containing', limit: 500, sort: '-severity' }), { signal }),
    [],
  );
  const overdue = useLoad<{ incidents: Incident[] }>((signal) => api('/api/v1/incidents/overdue?limit=100', { signal }), []);
  const attackers = useLoad<TopValues | null>(
    (signal) => (events ? api<TopValues>('/api/v1/events/top' + qs({ field: 'source.ip', size: 10, from: 'now-24h' }), { signal }) : Promise.resolve(null)),
    [events],
  );
  const rules = useLoad<TopValues>((signal) => api('/api/v1/alerts/top' + qs({ field: 'rule.name', size: 10, from: 'now-7d' }), { signal }), []);

  const rate = useMemo(() => fillBuckets(histogram.data?.buckets ?? [], { key: '24h', from: '', to: '' }, '1h'), [histogram.data]);
  const rateOption = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rate.map((b) => new Date(b.time).toTimeString().substring(0, 5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('overview.eventRate'), data: rate.map((b) => b.count), itemStyle: { color: '#0b7a75' } }],
    }),
    [rate, t],
  );
  const counts = (key: (i: Incident) => string, names: readonly string[]) => {
    const c: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    for (const i of open.data?.incidents ?? []) c[key(i)] = (c[key(i)] ?? 0) + 1;
    return c;
  };
  const bySeverity = counts((i) => i.severity, SEVERITIES);
  const bySla = counts((i) => (i.sla.response === 'BREACHED' || i.sla.resolution === 'BREACHED' ? 'BREACHED'
    : i.sla.response === 'AT_RISK' || i.sla.resolution === 'AT_RISK' ? 'AT_RISK' : i.sla.resolution), SLA);
  const pie = (c: Record<string, number>, prefix: string) => ({
    tooltip: { trigger: 'item' },
    series: [{
      type: 'pie', radius: ['50%', '80%'], label: { show: false },
      data: Object.entries(c).filter(([, v]) => v > 0).map(([k, v]) => ({ name: t((prefix + k) as Key), value: v, itemStyle: { color: COLORS[k] } })),
    }],
  });
  const topBar = (tv: TopValues | null | undefined, color: string) => ({
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: (tv?.values ?? []).map((v) => v.value), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{ type: 'bar', data: (tv?.values ?? []).map((v) => v.count), itemStyle: { color } }],
  });

  return (
    <div className="page">
      <h1>{t('overview.title')}</h1>
      <div className="kpis">
        <Link className="card kpi" to="/incidents">
          <span className="kpi-label">{t('overview.open')}</span>
          <span className="kpi-value" data-testid="kpi-open">{open.data ? open.data.total : '–'}</span>
        </Link>
        <div className={'card kpi' + ((overdue.data?.incidents.length ?? 0) > 0 ? ' alarm' : '')}>
          <span className="kpi-label">{t('overview.overdue')}</span>
          <span className="kpi-value" data-testid="kpi-overdue">{overdue.data ? overdue.data.incidents.length : '–'}</span>
        </div>
        {events && (
          <Link className="card kpi" to="/events">
            <span className="kpi-label">{t('overview.events24h')}</span>
            <span className="kpi-value">{histogram.data ? histogram.data.total : '–'}</span>
          </Link>
        )}
      </div>
      <div className="grid2">
        {events && (
          <section className="card wide">
            <h2>{t('overview.eventRate')}</h2>
            <Loading when={histogram.loading} />
            <ErrorBox error={histogram.error} />
            <Chart option={rateOption} label={t('overview.eventRate')} />
          </section>
        )}
        <section className="card">
          <h2>{t('overview.openBySeverity')}</h2>
          <Loading when={open.loading} />
          <ErrorBox error={open.error} />
          <Chart option={pie(bySeverity, 'severity.')} label={t('overview.openBySeverity')} />
          <p className="legend-text">{SEVERITIES.map((k) => <Badge key={k} kind={k}>{t(('severity.' + k) as Key)} {bySeverity[k]}</Badge>)}</p>
        </section>
        <section className="card">
          <h2>{t('overview.openBySla')}</h2>
          <ErrorBox error={open.error} />
          <Chart option={pie(bySla, 'sla.')} label={t('overview.openBySla')} />
          <p className="legend-text">{SLA.map((k) => <Badge key={k} kind={k}>{t(('sla.' + k) as Key)} {bySla[k]}</Badge>)}</p>
        </section>
        {events && (
          <section className="card">
            <h2>{t('overview.topAttackers')}</h2>
            <Loading when={attackers.loading} />
            <ErrorBox error={attackers.error} />
            {attackers.data && attackers.data.values.length === 0 ? <p className="muted">{t('common.none')}</p> : <Chart option={topBar(attackers.data, '#b3261e')} label={t('overview.topAttackers')} />}
          </section>
        )}
        <section className="card">
          <h2>{t('overview.topRules')}</h2>
          <Loading when={rules.loading} />
          <ErrorBox error={rules.error} />
          {rules.data && rules.data.values.length === 0 ? <p className="muted">{t('common.none')}</p> : <Chart option={topBar(rules.data, '#e8710a')} label={t('overview.topRules')} />}
        </section>
      </div>
      {(overdue.data?.incidents.length ?? 0) > 0 && (
        <section className="card">
          <h2>{t('overview.overdue')}</h2>
          <ul className="plain">
            {overdue.data!.incidents.map((i) => (
              <li key={i.tenant + i.id}>
                <Badge kind={i.severity}>{t(('severity.' + i.severity) as Key)}</Badge> <Link to={'/incidents/' + i.id}>#{i.id} {i.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
