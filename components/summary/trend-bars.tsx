/**
 * The 14-day trend as plain SVG: bars for orders received, a line for orders closed. Hand-drawn rather than
 * Recharts so the leaders' first view stays small on a phone (Recharts alone is larger than this whole page).
 */
export interface TrendDay {
  day: string;
  received: number;
  closed: number;
}

const WIDTH = 350;
const HEIGHT = 120;
const AXIS = 16;

export function TrendBars({ days, receivedLabel, closedLabel }: { days: TrendDay[]; receivedLabel: string; closedLabel: string }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.received, d.closed)));
  const slot = WIDTH / Math.max(1, days.length);
  const y = (value: number) => HEIGHT - AXIS - (value / max) * (HEIGHT - AXIS - 8);
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${(i + 0.5) * slot},${y(d.closed)}`).join(' ');
  return (
    <figure className="m-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="block h-auto w-full"
        role="img"
        aria-label={`${receivedLabel} / ${closedLabel}`}
        data-testid="summary-trend"
      >
        {days.map((d, i) => (
          <g key={d.day}>
            <rect
              x={i * slot + slot * 0.2}
              y={y(d.received)}
              width={slot * 0.6}
              height={HEIGHT - AXIS - y(d.received)}
              rx={2}
              fill="#38bdf8"
              opacity={0.75}
              data-received={d.received}
            >
              <title>{`${d.day} ${receivedLabel} ${d.received} · ${closedLabel} ${d.closed}`}</title>
            </rect>
            {i % 2 === days.length % 2 ? null : (
              <text x={(i + 0.5) * slot} y={HEIGHT - 3} textAnchor="middle" fontSize={9} fill="#94a3b8">
                {d.day.slice(8)}
              </text>
            )}
          </g>
        ))}
        <path d={line} fill="none" stroke="#34d399" strokeWidth={2} />
        <text x={2} y={10} fontSize={9} fill="#64748b">
          {max}
        </text>
      </svg>
      <figcaption className="mt-1 flex gap-4 text-[0.75rem] text-slate-400">
        <span>
          <span className="mr-1 inline-block h-2 w-3 rounded-sm bg-sky-400/75 align-middle" />
          {receivedLabel}
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-emerald-400 align-middle" />
          {closedLabel}
        </span>
      </figcaption>
    </figure>
  );
}
