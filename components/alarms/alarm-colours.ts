/** How alarm levels look on every screen: one colour per level, for the map, the legend and the alarm panel. */
import type { AlarmLevel } from '@/domain/alarms/alarm-types';

/** Level colours on the wall (1 red … 4 blue), RGBA. */
export const ALARM_LEVEL_RGBA: Record<AlarmLevel, [number, number, number, number]> = {
  1: [239, 68, 68, 255],
  2: [249, 115, 22, 255],
  3: [234, 179, 8, 255],
  4: [56, 189, 248, 255],
};
