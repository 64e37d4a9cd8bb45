'use client';
/**
 * The field unit's phone app at /field (designed at 390×844 portrait): on duty (the phone reports its position),
 * my open tasks with their clocks, a task's detail with a small map and the moves the lifecycle allows the unit,
 * and reporting a new problem. A dispatch to this unit — or a 催办, a 督办, the order withdrawn from it — arrives as
 * a socket notice on the unit's own channel, shown in a banner, and the list refetches at once, each task's detail with it; actions without network wait on the phone and are sent
 * once when it is back. A service worker keeps the app and the last known tasks, so it opens without network too.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { UserBadge } from '@/components/auth/user-badge';
import { useCategories } from '@/components/dispatch/use-categories';
import { useNow } from '@/components/orders/use-now';
import { useOrderNotices } from '@/components/orders/use-order-notices';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { registerFieldWorker } from '@/components/offline/field-worker';
import { useTRPC } from '@/components/trpc/client';
import { DutyToggle } from './duty-toggle';
import { QueueBanner } from './queue-banner';
import { ReportForm } from './report-form';
import { TaskCard } from './task-card';
import { FieldQueueProvider, useFieldQueue } from './use-field-queue';
import { TaskDetail } from './task-detail';
import { ToldBanner } from './told-banner';
import type { OrderToldPayload } from '@/domain/realtime/events';

function FieldHeader({ live }: { live?: boolean }) {
  const { t } = useI18n();
  return (
    <header className="sticky top-0 z-10 flex items-center gap-2 border-b border-sky-400/25 bg-[#071426] px-4 py-3">
      <h1 className="whitespace-nowrap text-[1.25rem] font-bold text-sky-50" data-testid="field-title">
        {t('field.title')}
      </h1>
      {live === undefined ? null : (
        <span
          className={`h-2.5 w-2.5 rounded-full ${live ? 'bg-emerald-400' : 'bg-amber-400'}`}
          data-testid="field-live"
          data-live={live}
        />
      )}
      <div className="ml-auto flex items-center gap-2 text-[0.8rem]">
        <LanguageSwitch />
        <UserBadge />
      </div>
    </header>
  );
}

export function FieldScreen() {
  const { t } = useI18n();
  const { user: sessionUser, loading } = useSession();
  // A session that ends while the app is open (it ran out while the phone was offline) keeps the app on screen for
  // the last user: the waiting actions stay in view, and the banner asks to sign in again before they are sent.
  const [lastUser, setLastUser] = useState(sessionUser);
  useEffect(() => {
    if (sessionUser) setLastUser(sessionUser);
  }, [sessionUser]);
  const user = sessionUser ?? lastUser;
  if (!user) {
    return (
      <div className="min-h-screen">
        {loading ? null : (
          <a href="/login?next=/field" data-testid="field-signed-out" className="block p-6 text-[1.05rem] text-sky-300 underline">
            {t('field.queue.signInAgain')}
          </a>
        )}
      </div>
    );
  }
  const mayUse = user.permissions.includes('field:use');
  if (!mayUse || user.unitId === null) {
    return (
      <div className="min-h-screen">
        <FieldHeader />
        <p className="p-6 text-[1.05rem] text-slate-300" data-testid="field-no-access">
          {mayUse ? t('field.noUnit') : t('field.noAccess', { role: t(`role.${user.role}`) })}
        </p>
      </div>
    );
  }
  return (
    <FieldQueueProvider userId={user.id} sessionEnded={sessionUser === null}>
      <FieldTasks />
    </FieldQueueProvider>
  );
}

function FieldTasks() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const now = useNow();
  const { nameOf } = useCategories();
  const [openId, setOpenId] = useState<number | null>(null);
  const [reporting, setReporting] = useState(false);
  const [arrived, setArrived] = useState<string | null>(null);
  const [told, setTold] = useState<OrderToldPayload | null>(null);
  const { online } = useFieldQueue();
  const live = useOrderNotices((notice) => {
    if (notice.type === 'order:assigned') setArrived(notice.code);
    if (notice.type === 'order:told') {
      setTold(notice);
      // A task taken from this unit cannot be worked on any more: back to the list, which no longer holds it.
      if (notice.kind === 'withdrawn') setOpenId((open) => (open === notice.orderId ? null : open));
    }
  });
  const tasks = useQuery(trpc.orders.mine.queryOptions());
  const queryClient = useQueryClient();
  // Once the offline shell is in charge, fetch again through it so it keeps a copy of the tasks.
  useEffect(() => registerFieldWorker(() => void queryClient.refetchQueries()), [queryClient]);
  // Each task's detail is fetched with the list, so a task can be opened and worked on where there is no network.
  useEffect(() => {
    for (const task of tasks.data ?? [])
      void queryClient.prefetchQuery({ ...trpc.orders.myTask.queryOptions({ id: task.id }), staleTime: 30_000 });
  }, [tasks.data, queryClient, trpc]);
  return (
    <div className="min-h-screen pb-8">
      {/* The socket notices a lost network only after its ping times out; the browser knows at once. */}
      <FieldHeader live={live && online} />
      <QueueBanner />
      {arrived ? (
        <button
          type="button"
          data-testid="field-new-task"
          onClick={() => setArrived(null)}
          className="block w-full bg-emerald-700 px-4 py-3 text-left text-[1rem] font-semibold text-white"
        >
          {t('field.newTask', { code: arrived })}
        </button>
      ) : null}
      {told ? <ToldBanner notice={told} onDismiss={() => setTold(null)} /> : null}
      <main className="space-y-3 p-4">
        {reporting ? (
          <ReportForm onClose={() => setReporting(false)} />
        ) : openId !== null ? (
          <TaskDetail orderId={openId} categoryName={nameOf} now={now} onBack={() => setOpenId(null)} />
        ) : (
          <>
            <DutyToggle />
            <button
              type="button"
              onClick={() => setReporting(true)}
              data-testid="field-report-open"
              className="min-h-[3.25rem] w-full rounded-xl border border-sky-400/60 bg-sky-900/40 px-4 text-[1.05rem] font-semibold text-sky-50"
            >
              + {t('field.report.open')}
            </button>
            {tasks.isLoading ? <p className="text-slate-400">{t('dispatchUi.loading')}</p> : null}
            {tasks.data?.length === 0 ? (
              <p className="py-10 text-center text-[1.05rem] text-slate-400" data-testid="field-empty">
                {t('field.empty')}
              </p>
            ) : null}
            {tasks.data?.map((o) => (
              <TaskCard key={o.id} order={o} categoryName={nameOf(o.categoryCode)} now={now} onOpen={() => setOpenId(o.id)} />
            ))}
          </>
        )}
      </main>
    </div>
  );
}
