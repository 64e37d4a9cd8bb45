/**
 * The alarm threshold rules (报警规则阈值): per threshold type a raise and a clear value and the level, plus the
 * flapping window and the incident window. Versioned with four-eyes approval (server/rules). Pure.
 *
 * Thresholds have hysteresis: a reading at or above `raise` is a fault; only a reading at or below `clear`
 * recovers it; readings between change nothing but the last value. Flapping rule: a fault that comes back within
 * `flapWindowMinutes` of its alarm recovering by itself reopens that same alarm (count + 1, flaps + 1) instead of
 * raising a new one, and does not sound again — so a sensor hovering at its threshold rings once, not every minute.
 */
import { z } from 'zod';
import { ALARM_TYPES, type AlarmLevel, type AlarmType } from './alarm-types';

const level = z.number().int().min(1).max(4);
const threshold = z
  .object({ raise: z.number().finite(), clear: z.number().finite(), level })
  .strict()
  .refine((t) => t.clear <= t.raise, { message: '恢复值不能高于报警值 / clear must not exceed raise' });

export const THRESHOLD_TYPES = Object.entries(ALARM_TYPES)
  .filter(([, def]) => 'threshold' in def)
  .map(([type]) => type as AlarmType);

export const alarmRulesSchema = z
  .object({
    thresholds: z.record(z.string(), threshold),
    flapWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    /** An alarm and an open order this close … */
    incidentRadiusMeters: z.number().min(0).max(1000),
    /** … and this recent are one incident (一事一案). */
    incidentWindowHours: z
      .number()
      .min(0)
      .max(24 * 7),
  })
  .strict()
  .refine((r) => Object.keys(r.thresholds).every((t) => (THRESHOLD_TYPES as string[]).includes(t)), {
    message: '只有读数类报警可设阈值 / thresholds only for reading types',
    path: ['thresholds'],
  });

export type AlarmRules = z.infer<typeof alarmRulesSchema>;

export type ReadingVerdict =
  { state: 'fault'; level: AlarmLevel; threshold: number } | { state: 'ok'; threshold: number } | { state: 'hold' } | { state: 'unjudged' };

/** A reading against the rules: fault at or above raise, recovered at or below clear, otherwise unchanged. */
export function judgeReading(rules: AlarmRules, type: string, value: number): ReadingVerdict {
  const t = rules.thresholds[type];
  if (!t) return { state: 'unjudged' };
  if (value >= t.raise) return { state: 'fault', level: t.level as AlarmLevel, threshold: t.raise };
  if (value <= t.clear) return { state: 'ok', threshold: t.clear };
  return { state: 'hold' };
}
