/**
 * Routine inspection plans (常态化巡检计划) from the equipment archive: each piece is due every
 * `cycleDays` days counted from its last inspection (or its installation), and a task is planned on each due
 * day inside the horizon. An overdue piece gets a task today. Pure; the service writes what it returns.
 */

export interface InspectableEquipment {
  id: number;
  cycleDays: number;
  /** 'YYYY-MM-DD' of the last inspection, or of installation when never inspected. */
  lastInspectedOn: string;
}

export interface PlannedInspection {
  equipmentId: number;
  dueOn: string;
}

const DAY_MS = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Tasks due from `today` through `today + horizonDays - 1`, by day then equipment. */
export function planInspections(equipment: readonly InspectableEquipment[], today: string, horizonDays: number): PlannedInspection[] {
  const start = toTime(today);
  const end = start + horizonDays * DAY_MS;
  const tasks: PlannedInspection[] = [];
  for (const e of equipment) {
    if (!(e.cycleDays > 0)) throw new Error(`Equipment ${e.id}: the inspection cycle must be at least one day`);
    let due = toTime(e.lastInspectedOn) + e.cycleDays * DAY_MS;
    if (due < start) due = start; // overdue: today, then the cycle goes on from today
    for (; due < end; due += e.cycleDays * DAY_MS) tasks.push({ equipmentId: e.id, dueOn: toDay(due) });
  }
  return tasks.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.equipmentId - b.equipmentId);
}
