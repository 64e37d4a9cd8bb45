/**
 * The disposal center's management cockpit (管理驾驶舱): the four boards — safety, equipment, energy, alarms —
 * read from the center's own data in one call, energy anomalies judged against the baseline after each round of
 * readings, and their rectification (assign → rectify → verify), version-checked. A district's people see their
 * own district's center (its equipment, readings, anomalies, hazards, inspections), the city-wide every center's;
 * another district's anomaly is not found. The energy judgement (a job) runs over every district's meters.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, EquipmentStatus, EquipmentType, HistoryEntry, RectificationStatus } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Actor } from '@/server/orders/order-change';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { CENTER, ENV_METRICS, METRICS, type Metric, plannedMeter } from './center';
import { type CenterAlarm, centerAlarms, environmentLimitOf } from './center-alarms';
import { BASELINE_WEEKS, baselineAt, energyLevel, type EnergyLevel, ratePerHour } from './energy-baseline';
import { hazardSummary, type HazardSummary } from './hazards.service';
import { anomalyForUpdate, anomalyRows, moveAnomalyIf, raiseAnomalyUnlessOpen } from './anomalies.repository';
import { energyMeters, equipmentForBoards, tasksForBoards } from './equipment.repository';
import { baselineHistory, hourlyReadings, hourlyUse, latestLevels, recentUsage, sampleKey, usageTotalsSince } from './readings.repository';
import { type RectificationAction, rectificationMove } from './rectification';

/** The live rate is judged over the last five minutes: short enough to see an episode within minutes. */
export const RECENT_WINDOW_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

export interface MeterView {
  id: number;
  code: string;
  name: string;
  metric: Metric;
  unit: string;
  ratePerHour: number | null;
  baselinePerHour: number | null;
  level: EnergyLevel;
  excess: number | null;
}

export interface AnomalyView {
  id: number;
  equipmentCode: string;
  equipmentName: string;
  metric: string;
  raisedAt: Date;
  observedPerHour: number;
  baselinePerHour: number;
  status: RectificationStatus;
  assignee: string | null;
  measures: string | null;
  history: HistoryEntry[];
  version: number;
}

export interface CockpitBoards {
  at: Date;
  center: { name: string; nameEn: string; address: string; location: [number, number]; synthetic: boolean };
  safety: HazardSummary & {
    environment: Array<{
      monitorCode: string;
      monitorName: string;
      metric: string;
      value: number;
      limit: number;
      unit: string;
      over: boolean;
      at: Date;
    }>;
  };
  equipment: {
    total: number;
    byStatus: Record<EquipmentStatus, number>;
    byType: Array<{ type: EquipmentType; total: number; fault: number }>;
    inspectionsToday: { due: number; done: number };
    overdueInspections: number;
    attention: Array<{ code: string; name: string; area: string; status: EquipmentStatus }>;
  };
  energy: {
    meters: MeterView[];
    today: { electricityKwh: number; waterM3: number };
    trend: Array<{ hour: Date; value: number; baseline: number | null }>;
    anomalies: AnomalyView[];
  };
  alarms: CenterAlarm[];
}

export const rectificationCommandSchema = z.object({
  id: z.number().int().positive(),
  action: z.enum(['assign', 'rectify', 'verify', 'reject']),
  expectedVersion: z.number().int().positive(),
  assignee: z.string().trim().min(1).max(60).nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type RectificationCommand = z.infer<typeof rectificationCommandSchema>;

export class CockpitService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  private async meters(now: Date, scope: DistrictScope = CITY_SCOPE): Promise<MeterView[]> {
    const { db } = this.deps;
    const meters = await energyMeters(db, scope);
    const [recent, history] = await Promise.all([
      recentUsage(db, new Date(now.getTime() - RECENT_WINDOW_MS)),
      baselineHistory(db, now, BASELINE_WEEKS),
    ]);
    return meters.flatMap((m) => {
      // What a meter measures comes from the archive's plan: asking the readings would scan them all.
      const metric = plannedMeter(m.code)?.metric;
      if (!metric) return [];
      const rate = ratePerHour(recent.get(sampleKey(m.id, metric)) ?? []);
      const baseline = baselineAt(history.get(sampleKey(m.id, metric)) ?? [], now, BASELINE_WEEKS);
      const { level, excess } = energyLevel(rate, baseline);
      return [
        {
          id: m.id,
          code: m.code,
          name: m.name,
          metric,
          unit: METRICS[metric].unit,
          ratePerHour: rate,
          baselinePerHour: baseline.perHour,
          level,
          excess,
        },
      ];
    });
  }

  /** After each round of readings: a meter at anomaly level gets an anomaly to rectify, unless one is open. */
  async evaluateEnergy(now: Date = this.deps.clock.now()): Promise<number> {
    const anomalies = (await this.meters(now)).filter((m) => m.level === 'anomaly' && m.ratePerHour !== null && m.baselinePerHour !== null);
    let raised = 0;
    for (const m of anomalies) {
      const isNew = await raiseAnomalyUnlessOpen(this.deps.db, {
        equipmentId: m.id,
        metric: m.metric,
        at: now,
        observedPerHour: m.ratePerHour!,
        baselinePerHour: m.baselinePerHour!,
      });
      if (isNew) raised++;
    }
    return raised;
  }

  async anomalies(openOnly: boolean, scope: DistrictScope = CITY_SCOPE): Promise<AnomalyView[]> {
    return (await anomalyRows(this.deps.db, openOnly, scope)).map((a) => ({
      id: a.id,
      equipmentCode: a.code,
      equipmentName: a.name,
      metric: a.metric,
      raisedAt: a.raised_at,
      observedPerHour: Number(a.observed_per_hour),
      baselinePerHour: Number(a.baseline_per_hour),
      status: a.status,
      assignee: a.assignee,
      measures: a.measures,
      history: a.history,
      version: a.version,
    }));
  }

  /** One move of an anomaly's rectification; a stale version or a move not allowed from its status is refused. */
  async rectify(command: RectificationCommand, actor: Actor, scope: DistrictScope = CITY_SCOPE): Promise<AnomalyView> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const row = await anomalyForUpdate(trx, command.id, scope);
      if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No energy anomaly ${command.id}`, { what: `anomaly ${command.id}` });
      if (row.version !== command.expectedVersion)
        throw new AppError('CONFLICT', 'cockpit.error.changedMeanwhile', `Anomaly ${row.id} changed meanwhile`, {});
      const to = rectificationMove(row.status, command.action as RectificationAction);
      if (!to)
        throw new AppError('CONFLICT', 'cockpit.error.notNow', `Cannot ${command.action} an anomaly that is ${row.status}`, {
          action: command.action,
          status: row.status,
        });
      if (command.action === 'assign' && !command.assignee)
        throw new AppError('BAD_REQUEST', 'cockpit.error.assigneeRequired', 'Name who rectifies it');
      if ((command.action === 'rectify' || command.action === 'reject') && !command.note)
        throw new AppError('BAD_REQUEST', 'cockpit.error.noteRequired', 'Say what was done or why not');
      const history = [
        ...row.history,
        { at: now.toISOString(), by: actor.name, action: command.action, note: command.note ?? command.assignee ?? null },
      ];
      await moveAnomalyIf(trx, row.id, row.version, {
        status: to,
        assignee: command.action === 'assign' ? command.assignee! : row.assignee,
        measures: command.action === 'rectify' ? command.note! : row.measures,
        history,
        at: now,
      });
    });
    const view = (await this.anomalies(false, scope)).find((a) => a.id === command.id);
    return view!;
  }

  /** The boards of the scope's center (every center's together city-wide). */
  async boards(scope: DistrictScope = CITY_SCOPE): Promise<CockpitBoards> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const today = shanghaiDay(now);
    const midnight = new Date(Date.parse(`${today}T00:00:00+08:00`));
    const [equipment, tasks, meters, levels, anomalies, safety] = await Promise.all([
      equipmentForBoards(db, scope),
      tasksForBoards(db, today, scope),
      this.meters(now, scope),
      latestLevels(db, ENV_METRICS, new Date(now.getTime() - 10 * 60_000)),
      this.anomalies(true, scope),
      hazardSummary(db, now, scope),
    ]);
    const byStatus: Record<EquipmentStatus, number> = { running: 0, idle: 0, fault: 0, maintenance: 0 };
    const byType = new Map<EquipmentType, { type: EquipmentType; total: number; fault: number }>();
    for (const e of equipment) {
      byStatus[e.status]++;
      const t = byType.get(e.type) ?? { type: e.type, total: 0, fault: 0 };
      t.total++;
      if (e.status === 'fault') t.fault++;
      byType.set(e.type, t);
    }
    const nameOf = new Map(equipment.map((e) => [e.id, e]));

    const todayTotals = await usageTotalsSince(
      db,
      midnight,
      meters.filter((m) => m.code === 'FQ-NH-001' || m.code === 'FQ-NH-003').map((m) => m.id),
    );
    const total = (metric: string) => todayTotals.get(metric) ?? 0;

    const main = meters.find((m) => m.metric === 'electricity_kwh');
    const trend = main ? await this.trend(main.id, now) : [];

    // The levels are every monitor's: only the scope's own monitors (those among its equipment) are shown.
    const environment = levels
      .filter((l) => environmentLimitOf(l.metric) !== undefined && nameOf.has(l.equipment_id))
      .map((l) => {
        const limit = environmentLimitOf(l.metric)!;
        const e = nameOf.get(l.equipment_id);
        return {
          monitorCode: e?.code ?? '',
          monitorName: e?.name ?? '',
          metric: l.metric,
          value: l.value,
          limit,
          unit: METRICS[l.metric as Metric].unit,
          over: l.value > limit,
          at: l.recorded_at,
        };
      });

    const alarms = centerAlarms({ environment, equipment, anomalies, now });

    return {
      at: now,
      center: { name: CENTER.name, nameEn: CENTER.nameEn, address: CENTER.address, location: CENTER.location, synthetic: CENTER.synthetic },
      safety: { ...safety, environment },
      equipment: {
        total: equipment.length,
        byStatus,
        byType: [...byType.values()],
        inspectionsToday: {
          due: tasks.filter((t) => t.due_on === today).length,
          done: tasks.filter((t) => t.due_on === today && t.status === 'done').length,
        },
        overdueInspections: tasks.filter((t) => t.due_on < today && t.status === 'pending').length,
        attention: equipment
          .filter((e) => e.status === 'fault' || e.status === 'maintenance')
          .map((e) => ({ code: e.code, name: e.name, area: e.area, status: e.status })),
      },
      energy: { meters, today: { electricityKwh: total('electricity_kwh'), waterM3: total('water_m3') }, trend, anomalies },
      alarms,
    };
  }

  /** The main meter's last 24 hours against each hour's baseline. */
  private async trend(meterId: number, now: Date) {
    const since = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS);
    const [use, samples] = await Promise.all([
      hourlyUse(this.deps.db, meterId, 'electricity_kwh', since),
      hourlyReadings(
        this.deps.db,
        meterId,
        'electricity_kwh',
        new Date(since.getTime() - BASELINE_WEEKS * 7 * 24 * HOUR_MS),
        new Date(now.getTime() - 6 * 24 * HOUR_MS),
      ),
    ]);
    return use.map((u) => {
      // A partly recorded hour (the current one, or one the server was down in) is scaled to a full hour.
      const value = (u.value * 3600) / Math.max(60, Math.min(3600, u.seconds));
      return { hour: u.hour, value: Math.round(value * 10) / 10, baseline: baselineAt(samples, u.hour, BASELINE_WEEKS).perHour };
    });
  }
}
