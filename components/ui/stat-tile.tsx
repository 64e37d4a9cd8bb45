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

const oneLine = 'overflow-x-clip text-ellipsis whitespace-nowrap';

export function StatTile({ label, value, note, accent = '#e0f2fe', testId }: StatTileProps) {
  return (
    <div data-testid={testId} className="flex min-w-0 flex-col justify-between rounded-md border border-sky-400/15 bg-sky-950/30 px-3 py-2">
      {/* Cut sideways only (clip, not hidden): a tall figure's glyphs are never shaved at the top or bottom, and a
          cut label or note keeps its whole text in a tooltip. */}
      <div className={oneLine} title={typeof label === 'string' ? label : undefined}>
        <span className="text-[0.78rem] text-slate-400">{label}</span>
      </div>
      <div
        className={`${oneLine} text-[1.65rem] font-semibold leading-tight tabular-nums`}
        style={{ color: accent }}
        title={typeof value === 'string' ? value : undefined}
        data-value
      >
        {value}
      </div>
      {note ? (
        <div className={`${oneLine} text-[0.72rem] text-slate-500`} title={typeof note === 'string' ? note : undefined}>
          {note}
        </div>
      ) : null}
    </div>
  );
}
