/**
 * The leaders' summary (/m): what each figure counts, written once. The queries in ./order-figures.repository.ts
 * and the screen follow these definitions; the README's "KPI definitions" table repeats them for readers.
 * Days are Shanghai days from 00:00, weeks from Monday; periods are half-open [from, to).
 */
import type { OrderStatus } from '@/domain/orders/order-values';

/**
 * The only status that means an order was finished (办结). `closed_at` alone does not: cancelling (作废, voided)
 * stamps it too, and a cancelled order was never done, so it is never counted as closed or as closed on time.
 */
export const FINISHED_STATUS: OrderStatus = 'closed';

export interface KpiDefinition {
  key: string;
  zh: string;
  en: string;
  /** definition: what is counted, in words. */
  definition: string;
  source: string;
}

export const LEADER_SUMMARY_KPIS: readonly KpiDefinition[] = [
  {
    key: 'received',
    zh: '受理',
    en: 'Received',
    definition: 'orders whose received_at falls in the period, whatever became of them (a cancelled one was still received)',
    source: 'orders.received_at',
  },
  {
    key: 'closed',
    zh: '办结',
    en: 'Closed',
    definition: "orders with status 'closed' whose closed_at falls in the period; cancelled (voided) orders are excluded",
    source: 'orders.status, orders.closed_at',
  },
  {
    key: 'closedOnTime',
    zh: '按时办结 / 按时办结率',
    en: 'Closed on time / on-time rate',
    definition: 'of the closed ones, those resolved (resolved_at, else closed_at) no later than resolve_by; rate = on time ÷ closed',
    source: 'orders.resolved_at, orders.resolve_by',
  },
  {
    key: 'open',
    zh: '在办',
    en: 'Open',
    definition: 'orders now in any state but closed or voided',
    source: 'orders.status',
  },
  {
    key: 'overdue',
    zh: '超时未办结',
    en: 'Overdue now',
    definition: "open orders whose deadline watch says 'overdue' (past resolve_by); nearing: within its warning window",
    source: 'orders.deadline_state',
  },
  {
    key: 'trend',
    zh: '14 天趋势',
    en: '14-day trend',
    definition: 'per Shanghai day of the last 14 (today included): orders received that day, and orders closed (as above) that day',
    source: 'orders.received_at, orders.status, orders.closed_at',
  },
  {
    key: 'alarmsOpen',
    zh: '未处置告警 / 一级告警',
    en: 'Open alarms / critical',
    definition: 'alarms active or acknowledged (not cleared or closed); critical: level 1 among them',
    source: 'alarms.status, alarms.level',
  },
  {
    key: 'tickets',
    zh: '12345 今日 / 本周',
    en: '12345 today / this week',
    definition: 'hotline tickets received today / since Monday',
    source: 'hotline_tickets.received_at',
  },
];
