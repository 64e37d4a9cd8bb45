/**
 * How long an order may take. Defaults per priority level come from seed 003's fault levels (一级: 1 h to
 * respond, 4 h to resolve; 二级: 2 h / 8 h; 三、四级: 4 h / 16 h); a category may override them per level
 * (table order_time_limits). Both clocks start when the order is received (again when it is reopened).
 */
export type Priority = 1 | 2 | 3 | 4;

export interface TimeLimit {
  respondMinutes: number;
  resolveMinutes: number;
}

export const DEFAULT_TIME_LIMITS: Readonly<Record<Priority, TimeLimit>> = {
  1: { respondMinutes: 60, resolveMinutes: 4 * 60 },
  2: { respondMinutes: 2 * 60, resolveMinutes: 8 * 60 },
  3: { respondMinutes: 4 * 60, resolveMinutes: 16 * 60 },
  4: { respondMinutes: 4 * 60, resolveMinutes: 16 * 60 },
};

export function isPriority(value: number): value is Priority {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** The category's override for this level if there is one, else the level's default. */
export function timeLimitFor(priority: Priority, override?: TimeLimit | null): TimeLimit {
  return override ?? DEFAULT_TIME_LIMITS[priority];
}

export interface Deadlines {
  respondBy: Date;
  resolveBy: Date;
}

const MINUTE_MS = 60_000;

export function computeDeadlines(clockStart: Date, limit: TimeLimit): Deadlines {
  return {
    respondBy: new Date(clockStart.getTime() + limit.respondMinutes * MINUTE_MS),
    resolveBy: new Date(clockStart.getTime() + limit.resolveMinutes * MINUTE_MS),
  };
}

/** An approved extension moves the resolve deadline by its minutes. */
export function extendDeadline(resolveBy: Date, minutes: number): Date {
  return new Date(resolveBy.getTime() + minutes * MINUTE_MS);
}
