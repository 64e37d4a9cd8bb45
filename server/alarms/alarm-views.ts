/** Maps an alarm's database row to the view the screens read (domain/alarms/alarm-view.ts). */
import type { AlarmView } from '@/domain/alarms/alarm-view';
import type { AlarmViewRow } from './alarms.repository';

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
