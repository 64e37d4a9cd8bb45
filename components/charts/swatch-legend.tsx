/**
 * The charts' legend: a colour swatch and the series name. Recharts' own legend labels each icon "<name> legend
 * icon" in English for screen readers; here the swatch is decoration (hidden from them) and the name is the label.
 */
import type { LegendPayload } from 'recharts';

export function SwatchLegend({ payload, scale }: { payload?: readonly LegendPayload[]; scale: number }) {
  const size = 9 * scale;
  return (
    <ul className="flex flex-wrap justify-center gap-x-3" style={{ fontSize: 11 * scale }}>
      {(payload ?? []).map((entry) => (
        <li key={String(entry.value)} className="flex items-center gap-1 whitespace-nowrap" style={{ color: entry.color }}>
          <span aria-hidden className="inline-block shrink-0 rounded-sm" style={{ width: size, height: size, background: entry.color }} />
          <span>{entry.value}</span>
        </li>
      ))}
    </ul>
  );
}
