/**
 * Writes the disposal center's synthetic data (模拟数据) into an empty database: the equipment archive, four
 * weeks of hourly meter history (so the energy baseline has something to stand on from the first minute) and
 * the first two weeks of routine inspections. Deterministic for a given hour; one transaction; a database that
 * already has equipment is left as it is.
 */
import type { Kysely } from 'kysely';
import { insertEquipment, lockAndCountEquipment } from './demo-data.repository';
import { insertInBatches } from '@/db/seed/batch-insert';
import type { Database } from '@/db/schema';
import { createRandom } from '@/geo/random';
import { shanghaiDay } from '@/domain/shanghai-time';
import { CENTER_SEED, INSPECTION_CYCLE_DAYS, planEquipment, typicalUse } from '@/server/cockpit/center';
import { BASELINE_WEEKS } from '@/server/cockpit/energy-baseline';
import { writeInspectionPlan } from '@/server/cockpit/inspections.service';
import { soleDistrict } from '@/server/tenancy/district-sql';

const HOUR_MS = 3_600_000;

export async function seedCenter(db: Kysely<Database>, now: Date): Promise<{ skipped: boolean; equipment: number; readings: number }> {
  return db.transaction().execute(async (trx) => {
    if ((await lockAndCountEquipment(trx)) > 0) return { skipped: true, equipment: 0, readings: 0 };

    const today = shanghaiDay(now);
    const planned = planEquipment(today);
    // The center is the installed district's (长宁's, a one-district install's only district).
    const districtCode = await soleDistrict(trx);
    const rows = await insertEquipment(
      trx,
      planned.map((e) => ({
        code: e.code,
        qr_payload: e.qrPayload,
        name: e.name,
        type: e.type,
        area: e.area,
        status: e.status,
        inspection_cycle_days: INSPECTION_CYCLE_DAYS[e.type],
        tags: JSON.stringify(e.tags),
        installed_on: e.installedOn,
        last_inspected_at: new Date(`${e.lastInspectedOn}T02:00:00Z`),
        synthetic: true,
        district_code: districtCode,
      })),
    );
    const idOf = new Map(rows.map((r) => [r.code, r.id]));

    const random = createRandom(CENTER_SEED).fork(`history-${Math.floor(now.getTime() / HOUR_MS)}`);
    const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const readings: Array<{ equipment_id: number; metric: string; recorded_at: Date; interval_seconds: number; value: number }> = [];
    for (const e of planned) {
      if (!e.meter) continue;
      for (let t = currentHour - BASELINE_WEEKS * 7 * 24 * HOUR_MS; t < currentHour; t += HOUR_MS) {
        const shanghaiHour = new Date(t + 8 * HOUR_MS).getUTCHours();
        const value = Math.max(0, typicalUse(e.meter, shanghaiHour) * random.gaussian(1, 0.06));
        readings.push({
          equipment_id: idOf.get(e.code)!,
          metric: e.meter.metric,
          recorded_at: new Date(t),
          interval_seconds: 3600,
          value: Math.round(value * 100) / 100,
        });
      }
    }
    await insertInBatches(trx, 'cockpit_readings', readings);
    await writeInspectionPlan(trx, today);
    return { skipped: false, equipment: planned.length, readings: readings.length };
  });
}
