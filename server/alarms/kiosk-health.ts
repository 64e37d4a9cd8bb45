/**
 * The 46 real self-service kiosks' health (seed 000 自助终端): each kiosk with its open kiosk alarms and, per
 * alarm, the repair deadlines of its class (software: respond 2 h, diagnose 24 h, fixed in 7 days; hardware
 * 30 days; parts 60 days), counted from when the fault was first seen. The screen runs the clocks.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { alarmTypeDef, KIOSK_HEARTBEAT_ALARM, KIOSK_REPAIR_LIMITS } from '@/domain/alarms/alarm-types';
import { alarmViewRowsForObjects, kioskRows } from './alarms.repository';

export const kioskHealthSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  health: z.enum(['ok', 'fault', 'offline']),
  faults: z.array(
    z.object({
      alarmId: z.number(),
      type: z.string(),
      level: z.number(),
      repairClass: z.enum(['software', 'hardware', 'parts']),
      since: z.number(),
      respondBy: z.number().nullable(),
      diagnoseBy: z.number().nullable(),
      fixBy: z.number(),
      acknowledgedAt: z.number().nullable(),
      orderCode: z.string().nullable(),
    }),
  ),
});
export type KioskHealth = z.infer<typeof kioskHealthSchema>;

const HOUR = 3_600_000;

/** The deadlines of one fault (pure). */
export function repairDeadlines(type: string, since: number) {
  const repairClass = alarmTypeDef(type)?.kioskRepair ?? 'hardware';
  const limits = KIOSK_REPAIR_LIMITS[repairClass];
  return {
    repairClass,
    respondBy: limits.respondHours === null ? null : since + limits.respondHours * HOUR,
    diagnoseBy: limits.diagnoseHours === null ? null : since + limits.diagnoseHours * HOUR,
    fixBy: since + limits.fixHours * HOUR,
  };
}

export async function kioskHealth(db: Kysely<Database>): Promise<KioskHealth[]> {
  const kiosks = await kioskRows(db);
  const alarms = await alarmViewRowsForObjects(db, 'kiosk');
  const byKiosk = new Map<string, typeof alarms>();
  for (const a of alarms) byKiosk.set(a.object_code, [...(byKiosk.get(a.object_code) ?? []), a]);
  return kiosks.map((k) => {
    const open = byKiosk.get(k.code) ?? [];
    return {
      id: k.id,
      code: k.code,
      name: k.name,
      address: k.address,
      lng: Number(k.lng),
      lat: Number(k.lat),
      health: open.some((a) => a.type === KIOSK_HEARTBEAT_ALARM) ? 'offline' : open.length ? 'fault' : 'ok',
      faults: open.map((a) => ({
        alarmId: a.id,
        type: a.type,
        level: a.level,
        since: a.first_seen_at.getTime(),
        ...repairDeadlines(a.type, a.first_seen_at.getTime()),
        acknowledgedAt: a.acknowledged_at ? a.acknowledged_at.getTime() : null,
        orderCode: a.order_code ?? null,
      })),
    };
  });
}
