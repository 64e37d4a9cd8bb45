/**
 * The center's current exceedances (报警看板), derived purely from what the boards read: environment levels over
 * their limits, equipment at fault, energy anomalies not yet rectified. Kept pure and apart so the generic
 * alarm pipeline can raise the same alarms from the same inputs.
 */
import { ENV_LIMITS, METRICS, type Metric } from './center';

export type AlarmKind = 'environment' | 'equipment' | 'energy';
export interface CenterAlarm {
  /** Stable per condition (monitor+metric, equipment, anomaly): the pipeline's dedup key. */
  key: string;
  kind: AlarmKind;
  severity: 'warning' | 'critical';
  objectCode: string;
  objectName: string;
  metric: string | null;
  value: number | null;
  limit: number | null;
  unit: string | null;
  since: Date;
}

export interface EnvironmentLevel {
  monitorCode: string;
  monitorName: string;
  metric: string;
  value: number;
  at: Date;
}

/** 1.5× the limit (environment) or 1.8× the baseline (energy) is critical; above either, a warning. */
export const CRITICAL_ENV_FACTOR = 1.5;
export const CRITICAL_ENERGY_FACTOR = 1.8;

export function environmentLimitOf(metric: string): number | undefined {
  return ENV_LIMITS[metric as Metric];
}

export function centerAlarms(input: {
  environment: readonly EnvironmentLevel[];
  equipment: ReadonlyArray<{ code: string; name: string; status: string }>;
  anomalies: ReadonlyArray<{
    id: number;
    equipmentCode: string;
    equipmentName: string;
    metric: string;
    status: string;
    observedPerHour: number;
    baselinePerHour: number;
    raisedAt: Date;
  }>;
  now: Date;
}): CenterAlarm[] {
  const alarms: CenterAlarm[] = [];
  for (const l of input.environment) {
    const limit = environmentLimitOf(l.metric);
    if (limit === undefined || l.value <= limit) continue;
    alarms.push({
      key: `env:${l.monitorCode}:${l.metric}`,
      kind: 'environment',
      severity: l.value > limit * CRITICAL_ENV_FACTOR ? 'critical' : 'warning',
      objectCode: l.monitorCode,
      objectName: l.monitorName,
      metric: l.metric,
      value: l.value,
      limit,
      unit: METRICS[l.metric as Metric].unit,
      since: l.at,
    });
  }
  for (const e of input.equipment) {
    if (e.status !== 'fault') continue;
    alarms.push({
      key: `equipment:${e.code}`,
      kind: 'equipment',
      severity: 'critical',
      objectCode: e.code,
      objectName: e.name,
      metric: null,
      value: null,
      limit: null,
      unit: null,
      since: input.now,
    });
  }
  for (const a of input.anomalies) {
    if (a.status !== 'raised' && a.status !== 'assigned') continue;
    alarms.push({
      key: `energy:${a.id}`,
      kind: 'energy',
      severity: a.observedPerHour > a.baselinePerHour * CRITICAL_ENERGY_FACTOR ? 'critical' : 'warning',
      objectCode: a.equipmentCode,
      objectName: a.equipmentName,
      metric: a.metric,
      value: a.observedPerHour,
      limit: a.baselinePerHour,
      unit: METRICS[a.metric as Metric]?.unit ?? null,
      since: a.raisedAt,
    });
  }
  // Critical first, then the newest.
  return alarms.sort((a, b) => (a.severity === b.severity ? b.since.getTime() - a.since.getTime() : a.severity === 'critical' ? -1 : 1));
}
