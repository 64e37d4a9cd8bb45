/** Shared look of the wall's charts: dark axes and grid, a readable tooltip, font sizes that follow the wall scale. */
import type { CSSProperties } from 'react';

export const AXIS_COLOUR = '#64748b';
export const GRID_COLOUR = 'rgba(56, 189, 248, 0.12)';
export const LABEL_COLOUR = '#cbd5e1';

/** Tick text in design pixels (11 px at 1080p) scaled for the wall. */
export function tickStyle(scale: number) {
  return { fill: LABEL_COLOUR, fontSize: 11 * scale };
}

export function tooltipStyle(scale: number): { contentStyle: CSSProperties; labelStyle: CSSProperties; itemStyle: CSSProperties } {
  return {
    contentStyle: {
      background: 'rgba(2, 6, 23, 0.94)',
      border: '1px solid rgba(56, 189, 248, 0.35)',
      borderRadius: 6,
      fontSize: 12 * scale,
      padding: `${4 * scale}px ${8 * scale}px`,
    },
    labelStyle: { color: '#e0f2fe' },
    itemStyle: { padding: 0 },
  };
}

export function legendStyle(scale: number): CSSProperties {
  return { fontSize: 11 * scale, color: LABEL_COLOUR };
}

/** Category axis width in design pixels: English names are longer than Chinese ones. */
export function categoryAxisWidth(locale: 'zh' | 'en', scale: number): number {
  return (locale === 'en' ? 128 : 76) * scale;
}

/** An English area name without its generic suffix, short enough for an axis ("Huayang Road Subdistrict" → "Huayang Road"). */
export function shortAreaName(name: string): string {
  return name.replace(/\s+(Subdistrict|Sub-district|Street|Town)$/i, '');
}
