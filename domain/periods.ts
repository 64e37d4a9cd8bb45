/**
 * Calendar arithmetic on Shanghai days (YYYY-MM-DD): splitting a range into whole months (read from the month
 * rollup) and the days at either end (read from the day rollup), and the baseline before a period.
 */
const DAY_MS = 86_400_000;

export const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => toDay(toMs(day) + n * DAY_MS);
export const daysBetween = (from: string, to: string) => Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
function nextMonth(month: string): string {
  const d = new Date(toMs(month));
  return toDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

export interface RangeSplit {
  /** First and last month start whose whole month lies in the range; null when none does. */
  months: [string, string] | null;
  /** Day ranges (inclusive) not covered by those months. */
  days: Array<[string, string]>;
}

export function splitRange(from: string, to: string): RangeSplit {
  if (from > to) return { months: null, days: [] };
  const first = from === monthStart(from) ? from : nextMonth(monthStart(from));
  // The last whole month is the one whose next month starts on or before the day after `to`.
  let last: string | null = null;
  for (let m = first; addDays(nextMonth(m), -1) <= to; m = nextMonth(m)) last = m;
  if (!last) return { months: null, days: [[from, to]] };
  const days: Array<[string, string]> = [];
  if (from < first) days.push([from, addDays(first, -1)]);
  const after = nextMonth(last);
  if (after <= to) days.push([after, to]);
  return { months: [first, last], days };
}

/** The `factor` periods of the same length just before [from, to]: the baseline of an emerging-hotspot test. */
export function baselineOf(from: string, to: string, factor: number): { from: string; to: string; days: number } {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length * factor), to: addDays(from, -1), days: length * factor };
}
