'use client';
/**
 * The leaders' summary at /m, for a phone held upright (designed at 390×844): today and this week against the
 * same spans before, the 14-day trend, and what needs attention now. One small query, refreshed every minute
 * and on demand; no map and no chart library, so the first view stays light on 4G.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSession } from '@/components/auth/use-session';
import { UserBadge } from '@/components/auth/user-badge';
import { formatDate, formatPercent, formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { NoAccess } from '@/components/ui/no-access';
import { StatTile } from '@/components/ui/stat-tile';
import { signedDelta } from './duration-words';
import { AlarmList } from './alarm-list';
import { HotspotList } from './hotspot-list';
import { OverdueList } from './overdue-list';
import { TrendBars } from './trend-bars';

const REFRESH_MS = 60_000;

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-sky-400/20 bg-[rgba(8,20,38,0.88)] p-3">
      <h2 className="mb-2 text-[0.95rem] font-semibold text-sky-100">{title}</h2>
      {children}
    </section>
  );
}

function SummaryHeader() {
  const { t, locale } = useI18n();
  return (
    <header className="sticky top-0 z-10 flex items-center gap-2 border-b border-sky-400/25 bg-[#071426] px-4 py-3">
      <div className="min-w-0">
        <h1 className="text-[1.2rem] font-bold text-sky-50" data-testid="summary-title">
          {t('summary.title')}
        </h1>
        <div className="text-[0.75rem] text-slate-400">{formatDate(Date.now(), locale)}</div>
      </div>
      <div className="ml-auto flex items-center gap-2 text-[0.8rem]">
        <LanguageSwitch />
        <UserBadge />
      </div>
    </header>
  );
}

export function LeaderSummaryScreen() {
  const { user, can } = useSession();
  if (!user) return <div className="min-h-screen" />;
  if (!can('summary:view')) {
    return (
      <div className="min-h-screen">
        <SummaryHeader />
        <NoAccess messageKey="summary.noAccess" testId="summary-no-access" className="p-6 text-[1.05rem] text-slate-300" />
      </div>
    );
  }
  return <SummaryBody />;
}

function SummaryBody() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery(trpc.summary.leader.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const data = summary.data;
  const onTimeRate = (p: { closed: number; closedOnTime: number }) => (p.closed ? formatPercent(p.closedOnTime / p.closed, locale) : '—');
  return (
    <div className="min-h-screen pb-8">
      <SummaryHeader />
      <main className="space-y-3 p-3">
        {summary.error ? (
          <p className="rounded bg-red-900/40 p-3 text-red-200" role="alert">
            {t('summary.loadFailed', { message: summary.error.message })}
          </p>
        ) : null}
        {!data ? (
          <p className="text-slate-400">{t('dispatchUi.loading')}</p>
        ) : (
          <>
            <Section title={t('summary.today')} testId="summary-today">
              <div className="grid grid-cols-2 gap-2">
                <StatTile
                  testId="summary-today-received"
                  label={t('summary.received')}
                  value={data.today.received}
                  note={t('summary.vsYesterday', { delta: signedDelta(data.today.received, data.yesterdaySoFar.received) })}
                />
                <StatTile
                  testId="summary-today-closed"
                  label={t('summary.closed')}
                  value={data.today.closed}
                  accent="#6ee7b7"
                  note={
                    data.today.closed
                      ? t('summary.onTimeOf', { onTime: data.today.closedOnTime, closed: data.today.closed })
                      : t('summary.noClosed')
                  }
                />
                <StatTile
                  testId="summary-open"
                  label={t('summary.open')}
                  value={data.open.open}
                  note={t('summary.nearingNow', { n: data.open.nearing })}
                />
                <StatTile
                  testId="summary-overdue"
                  label={t('summary.overdueNow')}
                  value={data.open.overdue}
                  accent={data.open.overdue ? '#f87171' : '#e0f2fe'}
                  note={t('summary.escalated', { n: data.open.escalated })}
                />
              </div>
            </Section>
            <Section title={t('summary.week')} testId="summary-week">
              <div className="grid grid-cols-3 gap-2">
                <StatTile
                  testId="summary-week-received"
                  label={t('summary.received')}
                  value={data.week.received}
                  note={t('summary.vsLastWeek', { delta: signedDelta(data.week.received, data.lastWeekSoFar.received) })}
                />
                <StatTile
                  testId="summary-week-closed"
                  label={t('summary.closed')}
                  value={data.week.closed}
                  accent="#6ee7b7"
                  note={t('summary.vsLastWeek', { delta: signedDelta(data.week.closed, data.lastWeekSoFar.closed) })}
                />
                <StatTile
                  testId="summary-week-ontime"
                  label={t('summary.onTimeRate')}
                  value={onTimeRate(data.week)}
                  note={t('summary.onTimeOf', { onTime: data.week.closedOnTime, closed: data.week.closed })}
                />
              </div>
            </Section>
            <Section title={t('summary.trend')} testId="summary-trend-section">
              <TrendBars days={data.trend} receivedLabel={t('summary.trendReceived')} closedLabel={t('summary.trendClosed')} />
            </Section>
            <Section title={t('summary.alarms')} testId="summary-alarms">
              <div className="mb-2 grid grid-cols-2 gap-2">
                <StatTile testId="summary-alarms-open" label={t('summary.alarmsOpen')} value={data.alarms.open} />
                <StatTile
                  testId="summary-alarms-critical"
                  label={t('summary.alarmsCritical')}
                  value={data.alarms.critical}
                  accent={data.alarms.critical ? '#f87171' : '#e0f2fe'}
                />
              </div>
              <AlarmList alarms={data.alarms.top} />
            </Section>
            <Section title={t('summary.overdueList')} testId="summary-overdue-list">
              <OverdueList orders={data.overdue} now={data.at.getTime()} />
            </Section>
            <Section title={t('summary.hotline')} testId="summary-hotline">
              <div className="mb-2 grid grid-cols-2 gap-2">
                <StatTile testId="summary-tickets-today" label={t('summary.ticketsToday')} value={data.hotline.today} />
                <StatTile testId="summary-tickets-week" label={t('summary.ticketsWeek')} value={data.hotline.thisWeek} />
              </div>
              <h3 className="mb-1 text-[0.85rem] text-slate-300">{t('summary.hotspots')}</h3>
              <HotspotList hotspots={data.hotline.hotspots} />
            </Section>
            <footer className="flex items-center justify-between px-1 text-[0.75rem] text-slate-500">
              <span data-testid="summary-updated">{t('summary.updatedAt', { time: formatTime(data.at, locale) })}</span>
              <Button onClick={() => void summary.refetch()} variant="outline" size="md">
                {t('summary.refresh')}
              </Button>
            </footer>
          </>
        )}
      </main>
    </div>
  );
}
