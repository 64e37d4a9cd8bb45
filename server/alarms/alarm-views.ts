/** What the screens read of an alarm (tRPC output and the live notice alike). */
import { z } from 'zod';
import type { AlarmViewRow } from './alarms.repository';

export const alarmStatusSchema = z.enum(['active', 'acknowledged', 'cleared', 'closed']);

export const alarmViewSchema = z.object({
  id: z.number(),
  seq: z.number(),
  version: z.number(),
  type: z.string(),
  level: z.number(),
  objectKind: z.string(),
  objectCode: z.string(),
  objectName: z.string().nullable(),
  facilityId: z.number().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  status: alarmStatusSchema,
  count: z.number(),
  flaps: z.number(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.number().nullable(),
  orderId: z.number().nullable(),
  orderCode: z.string().nullable(),
  orderStatus: z.string().nullable(),
  orderSource: z.string().nullable(),
  /** 'created': the alarm made the order; 'joined': it joined an order about the same place (一事一案). */
  orderLink: z.enum(['created', 'joined']).nullable(),
  clearedAt: z.number().nullable(),
  clearKind: z.enum(['recovered', 'manual']).nullable(),
  clearReason: z.string().nullable(),
  closedAt: z.number().nullable(),
});
/** Times are epoch ms, so the live notice and tRPC carry the same shape. */
export type AlarmView = z.infer<typeof alarmViewSchema>;

const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);

export function toAlarmView(r: AlarmViewRow): AlarmView {
  return {
    id: r.id,
    seq: Number(r.seq),
    version: r.version,
    type: r.type,
    level: r.level,
    objectKind: r.object_kind,
    objectCode: r.object_code,
    objectName: r.object_name ?? null,
    facilityId: r.facility_id,
    lng: r.lng === null ? null : Number(r.lng),
    lat: r.lat === null ? null : Number(r.lat),
    status: r.status,
    count: r.count,
    flaps: r.flaps,
    value: r.value,
    threshold: r.threshold,
    firstSeenAt: ms(r.first_seen_at)!,
    lastSeenAt: ms(r.last_seen_at)!,
    acknowledgedBy: r.acknowledged_by_name,
    acknowledgedAt: ms(r.acknowledged_at),
    orderId: r.order_id,
    orderCode: r.order_code ?? null,
    orderStatus: r.order_status ?? null,
    orderSource: r.order_source ?? null,
    orderLink: r.order_link,
    clearedAt: ms(r.cleared_at),
    clearKind: r.clear_kind,
    clearReason: r.clear_reason,
    closedAt: ms(r.closed_at),
  };
}

/** The live notice: one alarm's new state; `sound` when the wall should ring (a new critical alarm). */
export interface AlarmNotice {
  alarm: AlarmView;
  sound: boolean;
}
export type PublishAlarmNotice = (notice: AlarmNotice) => void;
