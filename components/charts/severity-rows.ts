/** The facility status chart's rows: each kind's facilities counted by severity. Pure, so it is unit-tested. */
import type { FacilityKpis } from '@/components/map/map-types';
import { type Severity, severityOf } from '@/components/map/status-colours';

export const SEVERITIES: ReadonlyArray<{ key: Severity; colour: string }> = [
  { key: 'working', colour: '#34d399' },
  { key: 'attention', colour: '#fbbf24' },
  { key: 'fault', colour: '#ef4444' },
  { key: 'scheduled', colour: '#94a3b8' },
  { key: 'idle', colour: '#475569' },
  { key: 'unknown', colour: '#a78bfa' },
];

export type SeverityRow = { name: string; total: number } & Record<Severity, number>;

/**
 * Surveyed layers with no live state of their own (green spaces, trees, street furniture): they have their own
 * figures (the 绿化 KPIs, the resource centre) and would only crowd a chart of what is working and what is not.
 */
const WITHOUT_LIVE_STATE: ReadonlySet<string> = new Set(['park', 'tree', 'litter_bin', 'bench', 'fountain']);

export function severityRows(kpis: FacilityKpis, kindLabel: (kind: string) => string): SeverityRow[] {
  return kpis.byKind
    .filter((entry) => !WITHOUT_LIVE_STATE.has(entry.kind))
    .map((entry) => {
      const row: SeverityRow = {
        name: kindLabel(entry.kind),
        total: entry.total,
        working: 0,
        attention: 0,
        fault: 0,
        scheduled: 0,
        idle: 0,
        unknown: 0,
      };
      for (const s of entry.statuses) row[severityOf(s.status)] += s.count;
      return row;
    });
}
