/** What the screens read of an alarm (tRPC output and the live notice alike). */
import { z } from 'zod';

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

/** The live notice: one alarm's new state; `sound` when the wall should ring (a new critical alarm). */
export interface AlarmNotice {
  alarm: AlarmView;
  sound: boolean;
}
export type PublishAlarmNotice = (notice: AlarmNotice) => void;
