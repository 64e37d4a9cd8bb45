/**
 * Asia/Shanghai calendar arithmetic on instants: the day, its start, the weekday and the wall-clock time. Pure, so
 * the server and the browser count days the same way.
 */

/** Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, as yyyy-mm-dd. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day begins (00:00 Asia/Shanghai), `daysBack` days before the day of `at`. */
export function shanghaiDayStart(at: Date, daysBack = 0): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (local % 86_400_000) - SHANGHAI_OFFSET_MS - daysBack * 86_400_000);
}

/** The instants a Shanghai calendar day (yyyy-mm-dd) runs between: [00:00, next 00:00) Asia/Shanghai. */
export function shanghaiDayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** Days since the Monday of `at`'s Shanghai week (Monday 0 … Sunday 6): weeks are counted from Monday here. */
export function shanghaiWeekday(at: Date): number {
  return (new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCDay() + 6) % 7;
}

/** Shanghai wall-clock time of an instant, HH:mm:ss: what a dispatcher reads in a message. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19);
}

/** An instant as a Shanghai date-time input reads it (yyyy-mm-ddTHH:mm), whatever the browser's own zone. */
export function shanghaiLocalInput(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant a Shanghai date-time input (yyyy-mm-ddTHH:mm) means; null when it is not one. */
export function fromShanghaiLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms - SHANGHAI_OFFSET_MS);
}
