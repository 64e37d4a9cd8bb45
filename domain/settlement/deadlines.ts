/**
 * The settlement calendar of seed 001 (十、（三）): when each report of a one-year service is due and what a late one
 * costs. Monthly operating reports: within 10 working days after the month, revised within 10 working days of
 * submission. Stage settlement materials at 6 and 9 months and the yearly settlement: within 20 working days after
 * the period, revised within 15. A submission after its day deducts 3 % of that month's, period's or year's amount.
 */
import { addDays } from '@/domain/periods';
import { addWorkingDays, type WorkCalendar, workingDaysLate } from './working-days';

export type ReportKind = 'monthly' | 'stage6' | 'stage9' | 'yearly';

export const REPORT_RULES: Record<ReportKind, { submitWithin: number; reviseWithin: number }> = {
  monthly: { submitWithin: 10, reviseWithin: 10 },
  stage6: { submitWithin: 20, reviseWithin: 15 },
  stage9: { submitWithin: 20, reviseWithin: 15 },
  yearly: { submitWithin: 20, reviseWithin: 15 },
};

/** The late-report deduction: 3 %, in basis points. */
export const LATE_DEDUCTION_BP = 300;

/** yyyy-mm of the `index`-th service month (1-based) of a service starting on the first of `startMonth`. */
export function serviceMonth(startMonth: string, index: number): string {
  const [y, m] = startMonth.split('-').map(Number) as [number, number];
  const zeroBased = y * 12 + (m - 1) + (index - 1);
  return `${Math.floor(zeroBased / 12)}-${String((zeroBased % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month yyyy-mm. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The months a report covers: one month, the first 6 or 9, or all 12 of the service year. */
export function monthsOf(kind: ReportKind, startMonth: string, period: string): string[] {
  const count = kind === 'monthly' ? 0 : kind === 'stage6' ? 6 : kind === 'stage9' ? 9 : 12;
  if (kind === 'monthly') return [period];
  return Array.from({ length: count }, (_, i) => serviceMonth(startMonth, i + 1));
}

/** The period key of a report: the month for a monthly report, the kind otherwise. */
export function periodEnd(kind: ReportKind, startMonth: string, period: string): string {
  const months = monthsOf(kind, startMonth, period);
  return lastDayOfMonth(months[months.length - 1]!);
}

export interface Deadline {
  /** The last day of the period covered. */
  periodEnd: string;
  /** The last day a submission is on time. */
  dueOn: string;
}

export function deadlineOf(calendar: WorkCalendar, kind: ReportKind, startMonth: string, period: string): Deadline {
  const end = periodEnd(kind, startMonth, period);
  return { periodEnd: end, dueOn: addWorkingDays(calendar, end, REPORT_RULES[kind].submitWithin) };
}

/** The last day a revision asked for on `submittedOn` is on time. */
export function revisionDueOn(calendar: WorkCalendar, kind: ReportKind, submittedOn: string): string {
  return addWorkingDays(calendar, submittedOn, REPORT_RULES[kind].reviseWithin);
}

export interface Lateness {
  late: boolean;
  workingDaysLate: number;
}

/** How late a submission on `submittedOn` is, or — not submitted yet — would be if it came `today`. */
export function latenessOf(calendar: WorkCalendar, dueOn: string, submittedOn: string): Lateness {
  const days = workingDaysLate(calendar, dueOn, submittedOn);
  return { late: submittedOn > dueOn, workingDaysLate: days };
}

/** Every report of a one-year service, in order: 12 monthly, then the 6- and 9-month stages and the year. */
export function reportSchedule(startMonth: string): Array<{ kind: ReportKind; period: string }> {
  const monthly = Array.from({ length: 12 }, (_, i) => ({ kind: 'monthly' as const, period: serviceMonth(startMonth, i + 1) }));
  return [...monthly, { kind: 'stage6', period: 'S6' }, { kind: 'stage9', period: 'S9' }, { kind: 'yearly', period: 'Y' }];
}

/** The most working days a rectification after 不合格 may take (seed 001 十、（四）5）). */
export const RECTIFICATION_WORKING_DAYS = 20;

export function rectificationDueOn(calendar: WorkCalendar, evaluatedOn: string): string {
  return addWorkingDays(calendar, evaluatedOn, RECTIFICATION_WORKING_DAYS);
}

export { addDays };
