/**
 * Working days on the official Chinese calendar (法定节假日 and the adjusted working weekends, 调休上班), for the
 * settlement deadlines ("10 个工作日内"). The calendar of a year comes from an administrator's entry when there is one
 * (a year the library does not know yet, or a correction), otherwise from the maintained `chinese-days` library;
 * a year neither knows counts weekdays only and says so (`known: false`), so a deadline is never silently wrong.
 * Days are Asia/Shanghai calendar days written yyyy-mm-dd.
 */
import chineseDays from 'chinese-days';
import { addDays } from '@/domain/periods';

// The package's ESM entry is mislabelled as CommonJS, so its named exports are not seen by every loader; the default
// export (the library object) is, under tsx, Vitest and Next alike.
const { getDayDetail, getHolidaysInRange } = chineseDays;

/** An administrator's calendar for one year: the days off that fall on weekdays and the weekend days worked. */
export interface YearCalendar {
  year: number;
  /** Weekdays that are public holidays (放假). */
  holidays: readonly string[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workdays: readonly string[];
}

export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
  /** Where the year's calendar comes from: an administrator's entry, the library, or weekdays only (unknown). */
  sourceOf(year: number): 'override' | 'library' | 'weekdays';
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isDay(text: string): boolean {
  return DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Whether the library carries the official calendar of the year (it lists at least one public holiday). */
export function libraryKnows(year: number): boolean {
  return getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/** Refuses an entry that contradicts itself: a listed holiday on a weekend, a listed workday on a weekday. */
export function yearCalendarProblems(entry: YearCalendar): string[] {
  const problems: string[] = [];
  for (const day of entry.holidays) {
    if (!isDay(day) || !day.startsWith(`${entry.year}-`)) problems.push(`holiday ${day} is not a day of ${entry.year}`);
    else if (isWeekend(day)) problems.push(`holiday ${day} is a weekend day already`);
  }
  for (const day of entry.workdays) {
    if (!isDay(day) || !day.startsWith(`${entry.year}-`)) problems.push(`workday ${day} is not a day of ${entry.year}`);
    else if (!isWeekend(day)) problems.push(`workday ${day} is a weekday already`);
  }
  return problems;
}

export function workCalendar(overrides: readonly YearCalendar[] = []): WorkCalendar {
  const byYear = new Map(overrides.map((o) => [o.year, { holidays: new Set(o.holidays), workdays: new Set(o.workdays) }]));
  const known = new Map<number, boolean>();
  const knows = (year: number) => {
    if (!known.has(year)) known.set(year, libraryKnows(year));
    return known.get(year)!;
  };
  return {
    isWorkingDay(day) {
      const year = Number(day.slice(0, 4));
      const entry = byYear.get(year);
      if (entry) return entry.workdays.has(day) || (!isWeekend(day) && !entry.holidays.has(day));
      if (knows(year)) return getDayDetail(day).work;
      return !isWeekend(day);
    },
    sourceOf(year) {
      return byYear.has(year) ? 'override' : knows(year) ? 'library' : 'weekdays';
    },
  };
}

/** The `n`-th working day after `day` (not counting `day` itself): "within n working days after" ends on it. */
export function addWorkingDays(calendar: WorkCalendar, day: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive whole number of working days, got ${n}`);
  let current = day;
  for (let counted = 0; counted < n;) {
    current = addDays(current, 1);
    if (calendar.isWorkingDay(current)) counted += 1;
  }
  return current;
}

/** Working days after `due` up to and including `on` (0 when `on` is on or before `due`): how late a submission is. */
export function workingDaysLate(calendar: WorkCalendar, due: string, on: string): number {
  let late = 0;
  for (let current = addDays(due, 1); current <= on; current = addDays(current, 1)) if (calendar.isWorkingDay(current)) late += 1;
  return late;
}
