/**
 * 检查更新 cycles: a rule names any of type, category, area and department (null = any); of the rules matching an
 * entry, the one naming the most criteria applies (ties: the shorter cycle, so the stricter rule wins).
 */
export interface InspectionRule {
  id: number;
  type: string | null;
  category: string | null;
  area: string | null;
  department_id: number | null;
  cycle_days: number;
  due_days: number;
}
export interface InspectedEntry {
  type: string;
  category: string | null;
  area: string | null;
  department_id: number | null;
}

const CRITERIA = ['type', 'category', 'area', 'department_id'] as const;

export function ruleFor(entry: InspectedEntry, rules: readonly InspectionRule[]): InspectionRule | null {
  let best: InspectionRule | null = null;
  let bestNamed = -1;
  for (const rule of rules) {
    if (!CRITERIA.every((c) => rule[c] === null || rule[c] === entry[c])) continue;
    const named = CRITERIA.filter((c) => rule[c] !== null).length;
    if (named > bestNamed || (named === bestNamed && best && rule.cycle_days < best.cycle_days)) {
      best = rule;
      bestNamed = named;
    }
  }
  return best;
}

const DAY_MS = 86_400_000;

/** Whether an entry last confirmed at `checkedAt` is due for inspection at `now` under `rule`. */
export function inspectionDue(checkedAt: Date | null, rule: InspectionRule, now: Date): boolean {
  return checkedAt === null || checkedAt.getTime() + rule.cycle_days * DAY_MS <= now.getTime();
}

export function dueAt(now: Date, rule: InspectionRule): Date {
  return new Date(now.getTime() + rule.due_days * DAY_MS);
}
