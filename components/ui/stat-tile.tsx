/** One KPI: a label, a large value and an optional note, in a tile that reads from across the room. */
import type { ReactNode } from 'react';

export interface StatTileProps {
  label: ReactNode;
  value: ReactNode;
  note?: ReactNode;
  /** Accent colour of the value (CSS). */
  accent?: string;
  testId?: string;
}

export function StatTile({ label, value, note, accent = '#e0f2fe', testId }: StatTileProps) {
  return (
    <div data-testid={testId} className="flex min-w-0 flex-col justify-between rounded-md border border-sky-400/15 bg-sky-950/30 px-3 py-2">
      <div className="truncate text-[0.78rem] text-slate-400">{label}</div>
      <div className="truncate text-[1.65rem] font-semibold leading-tight tabular-nums" style={{ color: accent }} data-value>
        {value}
      </div>
      {note ? <div className="truncate text-[0.72rem] text-slate-500">{note}</div> : null}
    </div>
  );
}
