/** The alarm trend's rows for the chart: one per day of the period, a count per type. Pure, so it is tested in Node. */
export interface AlarmTrendRow {
  day: string;
  type: string;
  count: number;
}

/** One row per day with a count per type, every day of the period present (a quiet day reads 0, not a gap). */
export function trendByDay(
  rows: readonly AlarmTrendRow[],
  days: readonly string[],
): { types: string[]; data: Array<Record<string, string | number>> } {
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const data = days.map((day) => {
    const row: Record<string, string | number> = { day: day.slice(5) };
    for (const type of types) row[type] = 0;
    return row;
  });
  const index = new Map(days.map((d, i) => [d, i]));
  for (const r of rows) {
    const i = index.get(r.day);
    if (i !== undefined) data[i][r.type] = Number(data[i][r.type]) + r.count;
  }
  return { types, data };
}
