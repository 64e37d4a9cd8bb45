'use client';
/**
 * Nearest-unit candidates for the selected order or a point clicked on the map, ranked by the server (estimated
 * arrival plus a load penalty), each with its reasons: distance, ETA, load, team, time to spare. One click
 * assigns (or sends one more unit to an order already on its way); 改派 replaces the units on it, with the reason
 * asked first. The confirmation names the unit as it was clicked; a CONFLICT names who dispatched first.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatNumber } from '@/domain/i18n/format';
import { VEHICLE_KINDS, DUTY_STAFF_KINDS } from '@/components/map/layer-catalog';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { controlClass } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { applyOrderView, refetchAllOrders } from '@/components/orders/order-cache';
import type { Candidate, CandidatesResult, CategoryView, LngLatPoint, OrderView } from '@/components/orders/order-types';

export type CandidateTarget = { kind: 'order'; order: OrderView } | { kind: 'point'; point: LngLatPoint };

const UNIT_KINDS = [...DUTY_STAFF_KINDS, ...VEHICLE_KINDS];
type UnitKind = (typeof UNIT_KINDS)[number];
const SELECT = controlClass('sm', 'min-w-0 flex-1 text-[0.8rem]', 'wall');

/** States in which a unit can be sent: the first dispatch, or one more unit to an order already on its way. */
const DISPATCHABLE = new Set(['awaiting_dispatch', 'returned']);
const ADDABLE = new Set(['dispatched', 'accepted', 'in_progress']);

export interface CandidateListProps {
  target: CandidateTarget;
  categories: readonly CategoryView[];
  onResult(result: CandidatesResult | null): void;
  onRegisterHere(point: LngLatPoint): void;
}

function useCandidates(target: CandidateTarget, unitKind: UnitKind | '', pointCategory: string) {
  const trpc = useTRPC();
  const unitKinds = unitKind ? [unitKind] : undefined;
  const input =
    target.kind === 'order'
      ? { orderId: target.order.id, unitKinds, limit: 8 }
      : { lng: target.point.lng, lat: target.point.lat, categoryCode: pointCategory || undefined, unitKinds, limit: 8 };
  const enabled = target.kind === 'order' ? target.order.location !== null : Boolean(pointCategory || unitKind);
  return useQuery(trpc.dispatch.candidates.queryOptions(input, { enabled, staleTime: 5_000 }));
}

export function CandidateList({ target, categories, onResult, onRegisterHere }: CandidateListProps) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [unitKind, setUnitKind] = useState<UnitKind | ''>('');
  const [pointCategory, setPointCategory] = useState('');
  const query = useCandidates(target, unitKind, pointCategory);
  const result = query.data ?? null;
  // The map draws the lines to these candidates.
  useEffect(() => onResult(result), [result, onResult]);

  // The unit as the dispatcher clicked it: the candidates are read again once the order changes.
  const [sent, setSent] = useState<{ name: string; reassigned: boolean } | null>(null);
  const [reassigning, setReassigning] = useState<Candidate | null>(null);
  const [reason, setReason] = useState('');
  const mutationOptions = {
    // The answer is the order as it now stands: written into the lists (the socket's notice then changes nothing).
    onSuccess: (view: OrderView) => applyOrderView(queryClient, trpc, view),
    // Refused (another dispatcher was quicker, a unit went off shift): what this screen holds is stale.
    onError: () => refetchAllOrders(queryClient, trpc),
  };
  const assign = useMutation(trpc.dispatch.assign.mutationOptions(mutationOptions));
  const reassign = useMutation(trpc.dispatch.reassign.mutationOptions(mutationOptions));
  const order = target.kind === 'order' ? target.order : null;
  const canSend = order !== null && (DISPATCHABLE.has(order.status) || ADDABLE.has(order.status));
  const canReassign = order !== null && ADDABLE.has(order.status);
  const sendLabel = order && ADDABLE.has(order.status) ? t('dispatchUi.addUnit') : t('dispatchUi.assign');
  const busy = assign.isPending || reassign.isPending;
  const error = assign.error ?? reassign.error;

  const send = (c: Candidate) => {
    if (!order) return;
    reassign.reset();
    setReassigning(null);
    assign.mutate(
      { orderId: order.id, unitIds: [c.unitId], expectedVersion: order.version },
      { onSuccess: () => setSent({ name: c.name, reassigned: false }) },
    );
  };
  const confirmReassign = () => {
    if (!order || !reassigning) return;
    const c = reassigning;
    assign.reset();
    reassign.mutate(
      { orderId: order.id, unitIds: [c.unitId], expectedVersion: order.version, note: reason.trim() },
      {
        onSuccess: () => {
          setSent({ name: c.name, reassigned: true });
          setReassigning(null);
          setReason('');
        },
      },
    );
  };

  const title = order ? t('dispatchUi.candidatesForOrder', { code: order.code }) : t('dispatchUi.candidatesForPoint');
  return (
    <Panel title={t('dispatchUi.candidates')} testId="candidates" className="h-full" bodyClassName="flex flex-col">
      <div className="border-b border-sky-400/15 px-3 py-2 text-[0.8rem] text-slate-300">{title}</div>
      <div className="flex gap-2 border-b border-sky-400/15 p-2">
        {target.kind === 'point' ? (
          <select
            aria-label={t('dispatchUi.filter.category')}
            data-testid="candidates-category"
            className={SELECT}
            value={pointCategory}
            onChange={(e) => setPointCategory(e.target.value)}
          >
            <option value="">{t('dispatchUi.newOrder.chooseCategory')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {locale === 'en' ? c.nameEn : c.nameZh}
              </option>
            ))}
          </select>
        ) : null}
        <select
          aria-label={t('dispatchUi.unitKind')}
          data-testid="candidates-unit-kind"
          className={SELECT}
          value={unitKind}
          onChange={(e) => setUnitKind(e.target.value as UnitKind | '')}
        >
          <option value="">{t('dispatchUi.unitKind.byCategory')}</option>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unitKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {target.kind === 'point' ? (
        <div className="flex items-center gap-2 border-b border-sky-400/15 px-3 py-2 text-[0.78rem] text-slate-400">
          <span className="flex-1">{t('dispatchUi.candidatesNoOrder')}</span>
          <button
            type="button"
            data-testid="register-here"
            onClick={() => onRegisterHere(target.point)}
            className="rounded border border-emerald-400/50 bg-emerald-900/40 px-2 py-1 text-emerald-100"
          >
            {t('dispatchUi.newOrder')}
          </button>
        </div>
      ) : null}
      {order && !canSend ? (
        <p className="border-b border-sky-400/15 px-3 py-2 text-[0.78rem] text-amber-300" data-testid="candidates-cannot-send">
          {order.status === 'received' || order.status === 'reviewing'
            ? t('dispatchUi.approveFirst')
            : t('dispatchUi.noDispatchNow', { status: t(`orders.status.${order.status}`) })}
        </p>
      ) : null}
      <ul className="min-h-0 flex-1 overflow-y-auto" data-testid="candidate-list">
        {target.kind === 'point' && !pointCategory && !unitKind ? (
          <li className="p-3 text-[0.8rem] text-slate-400">{t('dispatchUi.candidatesPickCategory')}</li>
        ) : null}
        {query.isFetching && !result ? <li className="p-3 text-slate-400">{t('dispatchUi.loading')}</li> : null}
        {query.error ? (
          <li role="alert" className="p-3 text-[0.8rem] text-red-300">
            {errorMessage(query.error)}
          </li>
        ) : null}
        {result?.needsUnitKinds ? (
          <li className="p-3 text-[0.8rem] text-amber-300" data-testid="candidates-pick-kind">
            {t('dispatchUi.candidatesPickKind')}
          </li>
        ) : result && result.candidates.length === 0 ? (
          <li className="p-3 text-slate-400">{t('dispatchUi.candidatesNone')}</li>
        ) : null}
        {result?.candidates.map((c, rank) => (
          <li
            key={c.unitId}
            data-testid="candidate"
            data-unit-id={c.unitId}
            data-unit-code={c.code}
            data-rank={rank + 1}
            className="flex items-center gap-2 border-b border-sky-400/10 px-3 py-2"
          >
            <span
              className={`w-[1.4rem] shrink-0 text-center font-semibold tabular-nums ${rank === 0 ? 'text-emerald-300' : 'text-slate-400'}`}
            >
              {rank + 1}
            </span>
            <div className="min-w-0 flex-1">
              <div className="truncate text-[0.85rem] text-sky-100">
                {c.name}{' '}
                <span className="text-slate-400">
                  · {t(`unitKind.${c.kind}`)} · {c.code}
                </span>
              </div>
              <div className="text-[0.75rem] text-slate-300" data-testid="candidate-reasons">
                {t('dispatchUi.candidate.distance', {
                  km: formatNumber(c.distanceM / 1000, locale, 2),
                  roadKm: formatNumber(c.roadDistanceM / 1000, locale, 1),
                })}
                {' · '}
                {c.etaMinutes < 1
                  ? t('dispatchUi.candidate.etaUnderMinute')
                  : t('dispatchUi.candidate.eta', { minutes: Math.round(c.etaMinutes) })}
                {' · '}
                {t('dispatchUi.candidate.load', { load: c.load })}
                {c.sameTeam === null ? null : ` · ${t(c.sameTeam ? 'dispatchUi.candidate.sameTeam' : 'dispatchUi.candidate.otherTeam')}`}
                {c.slackMinutes === null
                  ? null
                  : ` · ${c.slackMinutes >= 0 ? t('dispatchUi.candidate.slack', { minutes: Math.round(c.slackMinutes) }) : t('dispatchUi.candidate.late', { minutes: Math.round(-c.slackMinutes) })}`}
              </div>
            </div>
            {order ? (
              <button
                type="button"
                data-testid="candidate-assign"
                disabled={!canSend || busy}
                onClick={() => send(c)}
                className="shrink-0 rounded border border-emerald-400/60 bg-emerald-800/50 px-3 py-1 text-[0.85rem] text-emerald-50 hover:bg-emerald-700/60 disabled:opacity-40"
              >
                {sendLabel}
              </button>
            ) : null}
            {canReassign ? (
              <button
                type="button"
                data-testid="candidate-reassign"
                disabled={busy}
                onClick={() => {
                  setReassigning(c);
                  reassign.reset();
                }}
                className={`shrink-0 rounded border px-3 py-1 text-[0.85rem] disabled:opacity-40 ${reassigning?.unitId === c.unitId ? 'border-amber-300 bg-amber-900/50 text-amber-50' : 'border-amber-400/50 bg-slate-900/60 text-amber-100 hover:bg-amber-900/40'}`}
              >
                {t('dispatchUi.reassign')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {reassigning && canReassign ? (
        <div className="flex gap-2 border-t border-amber-400/30 p-2" data-testid="reassign-form">
          <input
            data-testid="reassign-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('dispatchUi.reassignReason')}
            aria-label={t('dispatchUi.reassignReason')}
            className="min-w-0 flex-1 rounded border border-amber-400/40 bg-slate-950/80 px-2 py-1 text-[0.82rem] text-slate-100"
          />
          <button
            type="button"
            data-testid="reassign-confirm"
            disabled={!reason.trim() || busy}
            onClick={confirmReassign}
            className="shrink-0 rounded border border-amber-300 bg-amber-800/50 px-3 text-[0.82rem] text-amber-50 disabled:opacity-50"
          >
            {t('dispatchUi.reassign')} → {reassigning.name}
          </button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" data-testid="assign-error" className="border-t border-red-400/30 p-2 text-[0.8rem] text-red-300">
          {errorMessage(error)}
        </p>
      ) : null}
      {sent && !error && !busy ? (
        <p data-testid="assign-done" className="border-t border-emerald-400/30 p-2 text-[0.8rem] text-emerald-300">
          {t(sent.reassigned ? 'dispatchUi.reassigned' : 'dispatchUi.assigned', { unit: sent.name })}
        </p>
      ) : null}
    </Panel>
  );
}
