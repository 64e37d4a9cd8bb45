'use client';
/**
 * Landscape lighting at /lighting (1920×1080, dark): the plans in force and awaiting approval (holiday plans
 * with their date ranges), every light's actual state against the plan now with the mismatch list, on/fault
 * rates by sub-district (the wall's chart), and faulty lights selected for repair orders in one click.
 * Polls every 10 s: light states change a few times a minute.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { LightRatesChart } from '@/components/charts/light-rates-chart';
import { formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { NoAccess } from '@/components/ui/no-access';
import { Panel } from '@/components/ui/panel';
import { ScreenHeader } from '@/components/ui/screen-header';
import { StatTile } from '@/components/ui/stat-tile';
import { Modal } from '@/components/ui/modal';
import { PlanForm } from './plan-form';

const POLL_MS = 10_000;

export function LightingScreen() {
  const { user, can } = useSession();
  const { t } = useI18n();
  if (!user) return <div data-wall className="h-screen w-screen bg-[#050b16]" />;
  return (
    <div data-wall className="flex h-screen w-screen flex-col overflow-hidden bg-[#050b16] text-slate-100">
      <ScreenHeader
        title={t('lighting.title')}
        titleTestId="lighting-title"
        current="/lighting"
        titleClassName="text-[1.5rem] tracking-wider"
      />
      {can('map:view') ? (
        <LightingWorkspace canApprove={can('rules:approve')} canPropose={can('rules:propose')} canRepair={can('orders:create')} />
      ) : (
        <NoAccess messageKey="lighting.noAccess" />
      )}
    </div>
  );
}

function LightingWorkspace({ canApprove, canPropose, canRepair }: { canApprove: boolean; canPropose: boolean; canRepair: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const status = useQuery(trpc.lighting.status.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const plans = useQuery(trpc.lighting.plans.queryOptions());
  const kpis = useQuery(trpc.map.kpis.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [proposing, setProposing] = useState(false);
  const [category, setCategory] = useState<'lighting.not_lit' | 'lighting.damaged'>('lighting.not_lit');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.lighting.status.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.lighting.plans.queryKey() });
  };
  const repair = useMutation(
    trpc.lighting.batchRepair.mutationOptions({
      onSuccess: () => {
        setSelected(new Set());
        refresh();
      },
    }),
  );
  const decide = useMutation(trpc.lighting.decide.mutationOptions({ onSuccess: refresh }));
  const s = status.data;
  const n = (v: number) => formatNumber(v, locale);
  if (!s) return <p className="m-auto text-slate-400">{t('cockpit.loading')}</p>;
  const mismatchTotal = s.mismatchCounts.should_be_on + s.mismatchCounts.should_be_off + s.mismatchCounts.fault_while_planned_on;
  const selectable = s.faulty.filter((l) => !l.openOrderCode);
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <main className="grid min-h-0 flex-1 grid-cols-[1fr_1fr_1.2fr] gap-3 p-3">
      <div className="flex min-h-0 flex-col gap-3">
        <Panel title={t('lighting.activePlans')} bodyClassName="grid grid-cols-3 gap-2 p-2" testId="lighting-kpis">
          <StatTile label={t('lighting.total')} value={n(s.total)} accent="#facc15" />
          <StatTile label={t('lighting.plannedOn')} value={n(s.plannedOn)} accent="#fde047" />
          <StatTile label={t('lighting.actualOn')} value={n(s.actual.on)} accent="#fef08a" />
          <StatTile testId="lighting-fault" label={t('lighting.fault')} value={n(s.actual.fault)} accent="#f87171" />
          <StatTile testId="lighting-mismatches" label={t('lighting.mismatches')} value={n(mismatchTotal)} accent="#fb923c" />
          <StatTile
            label={t('lighting.activePlans')}
            value={s.activePlans.length ? s.activePlans.map((p) => p.name).join('、') : t('lighting.noActivePlan')}
            accent="#a5f3fc"
          />
        </Panel>
        <Panel
          title={t('lighting.plans')}
          className="min-h-0 flex-1"
          bodyClassName="overflow-y-auto p-2"
          testId="lighting-plans"
          aside={
            canPropose ? (
              <Button variant="secondary" size="sm" onClick={() => setProposing(true)}>
                {t('lighting.propose')}
              </Button>
            ) : undefined
          }
        >
          <ul className="space-y-1.5">
            {plans.data?.map((p) => (
              <li
                key={p.id}
                className="rounded bg-slate-900/60 px-2 py-1.5 text-[0.85rem]"
                data-testid="lighting-plan"
                data-status={p.status}
              >
                <div className="flex justify-between">
                  <span>
                    <span className="text-amber-200">[{t(`lighting.plan.${p.kind}`)}]</span> {p.name}
                  </span>
                  <span
                    className={p.status === 'approved' ? 'text-emerald-300' : p.status === 'proposed' ? 'text-amber-200' : 'text-slate-500'}
                  >
                    {t(`lighting.planStatus.${p.status}`)}
                  </span>
                </div>
                <div className="text-slate-400">
                  {p.startsOn ? `${p.startsOn} ~ ${p.endsOn} · ` : ''}
                  {t('lighting.planRules', { count: p.rules.length })} · {t('lighting.planBy', { proposer: p.proposedBy })}
                  {p.decidedBy ? ` · ${p.decidedBy}` : ''}
                </div>
                <div className="text-[0.78rem] text-slate-500">
                  {p.rules
                    .map(
                      (r) =>
                        `${r.scope.kind === 'all' ? '全区' : 'name' in r.scope ? r.scope.name : r.scope.code}: ${r.on.kind === 'sunset' ? `日落${r.on.offsetMinutes >= 0 ? '+' : ''}${r.on.offsetMinutes}′` : r.on.time}–${r.off.time}`,
                    )
                    .join('；')}
                </div>
                {canApprove && p.status === 'proposed' ? (
                  <div className="mt-1 flex gap-1">
                    <Button variant="secondary" size="sm" onClick={() => decide.mutate({ id: p.id, approve: true })}>
                      {t('lighting.approve')}
                    </Button>
                    <Button variant="secondary" size="sm" onClick={() => decide.mutate({ id: p.id, approve: false })}>
                      {t('lighting.reject')}
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {decide.error ? (
            <p role="alert" className="text-red-300">
              {errorMessage(decide.error)}
            </p>
          ) : null}
          {proposing ? (
            <Modal
              closeLabel={t('cockpit.form.cancel')}
              title={t('lighting.propose')}
              onClose={() => setProposing(false)}
              testId="lighting-plan-modal"
              wide
            >
              <PlanForm onDone={() => setProposing(false)} />
            </Modal>
          ) : null}
        </Panel>
      </div>
      <div className="flex min-h-0 flex-col gap-3">
        <Panel title={t('lighting.faultRates')} className="h-[28rem] shrink-0" bodyClassName="p-2">
          <LightRatesChart kpis={kpis.data} />
        </Panel>
        <Panel
          title={t('lighting.mismatchList', { count: s.mismatches.length })}
          className="min-h-0 flex-1"
          bodyClassName="overflow-y-auto p-2"
          testId="lighting-mismatch-list"
        >
          <p className="mb-1 text-[0.8rem] text-slate-400">
            {(['fault_while_planned_on', 'should_be_on', 'should_be_off'] as const)
              .map((m) => `${t(`lighting.mismatch.${m}`)} ${n(s.mismatchCounts[m])}`)
              .join(' · ')}
          </p>
          <ul className="space-y-0.5 text-[0.8rem]">
            {s.mismatches.map((l) => (
              <li key={l.id} className="flex justify-between">
                <span className="truncate">
                  {l.road} {l.name}
                </span>
                <span className="shrink-0 text-amber-200">{t(`lighting.mismatch.${l.mismatch!}`)}</span>
              </li>
            ))}
          </ul>
        </Panel>
      </div>
      <Panel
        title={t('lighting.faulty')}
        testId="lighting-faulty"
        className="min-h-0"
        bodyClassName="flex min-h-0 flex-col gap-2 p-2"
        aside={<span className="text-[0.85rem] text-red-300">{n(s.actual.fault)}</span>}
      >
        {canRepair ? (
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="secondary"
              size="sm"
              onClick={() => setSelected(new Set(selectable.map((l) => l.id)))}
              data-testid="lighting-select-all"
            >
              {t('lighting.selectAll')}
            </Button>
            <select
              value={category}
              onChange={(e) => setCategory(e.target.value as typeof category)}
              className="rounded bg-slate-800 px-1 text-[0.82rem]"
            >
              <option value="lighting.not_lit">{t('lighting.category.lighting.not_lit')}</option>
              <option value="lighting.damaged">{t('lighting.category.lighting.damaged')}</option>
            </select>
            <Button
              variant="secondary"
              size="sm"
              disabled={selected.size === 0 || repair.isPending}
              onClick={() => repair.mutate({ facilityIds: [...selected], categoryCode: category })}
              data-testid="lighting-batch-repair"
            >
              {t('lighting.batchRepair', { count: selected.size })}
            </Button>
          </div>
        ) : null}
        {repair.data ? (
          <p className="text-[0.85rem] text-emerald-300" data-testid="lighting-batch-result">
            {t('lighting.batchDone', { created: repair.data.created.length, skipped: repair.data.skipped.length })}
          </p>
        ) : null}
        {repair.error ? (
          <p role="alert" className="text-red-300">
            {errorMessage(repair.error)}
          </p>
        ) : null}
        <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto text-[0.82rem]">
          {s.faulty.map((l) => (
            <li key={l.id} className="flex items-center gap-2" data-testid="lighting-faulty-item" data-code={l.code}>
              <input
                type="checkbox"
                disabled={!canRepair || !!l.openOrderCode}
                checked={selected.has(l.id)}
                onChange={() => toggle(l.id)}
              />
              <span className="truncate">
                {l.road} · {l.name}
              </span>
              <span className="ml-auto shrink-0 text-slate-400" data-testid="lighting-open-order">
                {l.openOrderCode ? t('lighting.openOrder', { code: l.openOrderCode }) : ''}
              </span>
            </li>
          ))}
        </ul>
      </Panel>
    </main>
  );
}
