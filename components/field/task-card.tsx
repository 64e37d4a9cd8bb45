'use client';
/** One task in the phone's list: a large tap target with level, state, category, place and the live clock. */
import { OrderClockBadge } from '@/components/orders/order-clock-badge';
import { priorityColour } from '@/components/orders/order-colours';
import type { OrderView } from '@/components/orders/order-types';
import { cssColour } from '@/components/map/status-colours';
import { TaskStatus } from './task-status';

export function TaskCard({ order, categoryName, now, onOpen }: { order: OrderView; categoryName: string; now: number; onOpen(): void }) {
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="field-task"
      data-order-id={order.id}
      data-code={order.code}
      data-status={order.status}
      className="block min-h-[5.5rem] w-full rounded-xl border border-sky-400/30 bg-slate-900/80 p-4 text-left active:bg-sky-900/50"
    >
      <div className="flex items-center gap-2">
        <span className="h-3 w-3 shrink-0 rounded-full" style={{ background: cssColour(priorityColour(order.priority)) }} aria-hidden />
        <span className="text-[1.05rem] font-semibold text-sky-50">{categoryName}</span>
        <TaskStatus order={order} testId="field-task-status" className="px-2 py-0.5 text-[0.85rem]" />
      </div>
      <div className="mt-1 truncate text-[0.95rem] text-slate-300">{order.address ?? order.description}</div>
      <div className="mt-1 flex items-center justify-between text-[0.9rem]">
        <span className="font-mono text-slate-500">{order.code}</span>
        <OrderClockBadge order={order} now={now} />
      </div>
    </button>
  );
}
