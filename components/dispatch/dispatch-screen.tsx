'use client';
/**
 * The dispatcher's screen at /dispatch (1920×1080, scaled like the wall): the queue on the left, the map with
 * orders, live units and candidate lines in the middle, and on the right the selected order (detail, actions,
 * timeline) over its candidates — or the candidates for a point clicked on the map, or the new-order form.
 * Socket order notices refetch whatever they touch.
 */
import { skipToken, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LiveProvider } from '@/components/live/live-provider';
import { LiveUnitsProvider } from '@/components/map/live-bridge';
import { useTRPC } from '@/components/trpc/client';
import { NoAccessWall } from '@/components/ui/no-access';
import { Panel } from '@/components/ui/panel';
import { CandidateList, type CandidateTarget } from './candidate-list';
import { DispatchHeader } from './dispatch-header';
import { DispatchMap } from './dispatch-map';
import { NewOrderForm } from './new-order-form';
import { OrderDetailPanel } from './order-detail';
import { DEFAULT_FILTERS, type QueueFilters } from './order-filters';
import { OrderQueue } from './order-queue';
import type { CandidatesResult, LngLatPoint } from '@/components/orders/order-types';
import { useCategories } from './use-categories';
import { useNow } from '@/components/orders/use-now';
import { useOrderNotices } from '@/components/orders/use-order-notices';
import { useOrderQueue } from '@/components/orders/use-order-queue';

type Focus =
  | { kind: 'none' }
  | { kind: 'order'; orderId: number }
  | { kind: 'point'; point: LngLatPoint }
  | { kind: 'new'; point: LngLatPoint | null };

export function DispatchScreen() {
  const { user, can } = useSession();
  if (!user) return <div data-wall className="h-screen w-screen" />;
  if (!can('orders:dispatch')) {
    return <NoAccessWall header={<DispatchHeader />} messageKey="dispatchUi.noAccess" testId="dispatch-no-access" />;
  }
  return (
    // One socket for the whole screen: units, feed, alarms and order notices all arrive on it, once.
    <LiveProvider>
      <LiveUnitsProvider>
        <DispatchWorkspace />
      </LiveUnitsProvider>
    </LiveProvider>
  );
}

function DispatchWorkspace() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const now = useNow();
  const live = useOrderNotices();
  const { categories, nameOf } = useCategories();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const queue = useOrderQueue(filters);
  const [focus, setFocus] = useState<Focus>({ kind: 'none' });
  const [candidates, setCandidates] = useState<CandidatesResult | null>(null);

  const selectedOrderId = focus.kind === 'order' ? focus.orderId : null;
  // Read like the detail panel (one shared query), so an order outside the queue's filters can still be dispatched.
  const selected = useQuery(trpc.orders.get.queryOptions(selectedOrderId === null ? skipToken : { id: selectedOrderId }));
  const selectedOrder = selectedOrderId !== null && selected.data?.order.id === selectedOrderId ? selected.data.order : null;
  const selectOrder = useCallback((orderId: number) => setFocus({ kind: 'order', orderId }), []);
  const clickPoint = useCallback(
    (point: LngLatPoint) => setFocus((current) => (current.kind === 'new' ? { kind: 'new', point } : { kind: 'point', point })),
    [],
  );
  const target: CandidateTarget | null =
    focus.kind === 'point' ? { kind: 'point', point: focus.point } : selectedOrder ? { kind: 'order', order: selectedOrder } : null;
  const shownCandidates = target ? candidates : null;

  return (
    <div data-wall className="flex h-screen w-screen flex-col overflow-hidden">
      <DispatchHeader live={live}>
        <button
          type="button"
          data-testid="new-order-open"
          onClick={() => setFocus({ kind: 'new', point: focus.kind === 'point' ? focus.point : null })}
          className="whitespace-nowrap rounded border border-emerald-400/60 bg-emerald-800/40 px-3 py-1 text-[0.9rem] text-emerald-50 hover:bg-emerald-700/60"
        >
          + {t('dispatchUi.newOrder')}
        </button>
      </DispatchHeader>
      <main className="grid min-h-0 flex-1 grid-cols-[26rem_1fr_30rem] gap-3 p-3">
        <OrderQueue
          orders={queue.orders}
          loading={queue.loading}
          filters={filters}
          categories={categories}
          categoryName={nameOf}
          selectedOrderId={selectedOrderId}
          now={now}
          onFiltersChange={setFilters}
          onSelect={selectOrder}
        />
        <div className="min-h-0 overflow-hidden rounded-lg border border-sky-400/25">
          <DispatchMap
            orders={queue.orders}
            selectedOrderId={selectedOrderId}
            candidates={shownCandidates}
            pickedPoint={focus.kind === 'point' || focus.kind === 'new' ? focus.point : null}
            onOrderClick={selectOrder}
            onPointClick={clickPoint}
          />
        </div>
        <div className="grid min-h-0 grid-rows-[3fr_2fr] gap-3">
          {focus.kind === 'new' ? (
            <div className="row-span-2 min-h-0">
              <NewOrderForm
                categories={categories}
                point={focus.point}
                onCreated={selectOrder}
                onCancel={() => setFocus({ kind: 'none' })}
              />
            </div>
          ) : (
            <>
              {selectedOrderId !== null ? (
                <OrderDetailPanel key={selectedOrderId} orderId={selectedOrderId} categoryName={nameOf} now={now} />
              ) : (
                <Panel title={t('dispatchUi.detail')} testId="order-detail-empty" className="h-full">
                  <p className="p-3 text-[0.9rem] text-slate-400">{t('dispatchUi.noSelection')}</p>
                </Panel>
              )}
              {target ? (
                <CandidateList
                  key={target.kind === 'order' ? `o${target.order.id}` : `p${target.point.lng},${target.point.lat}`}
                  target={target}
                  categories={categories}
                  onResult={setCandidates}
                  onRegisterHere={(point) => setFocus({ kind: 'new', point })}
                />
              ) : (
                <Panel title={t('dispatchUi.candidates')} className="h-full">
                  <p className="p-3 text-[0.85rem] text-slate-500">{t('dispatchUi.mapHint')}</p>
                </Panel>
              )}
            </>
          )}
        </div>
      </main>
    </div>
  );
}
