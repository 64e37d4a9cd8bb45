/**
 * Scales the sizes in a MapLibre style (text, line widths, circle radii, icons) by the wall scale, so labels on
 * the 4K wall are as large relative to the room as on the 1080p design. Numbers are multiplied; zoom curves
 * (interpolate/step on zoom) have their output values multiplied; any other expression is left as written.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

// Ems (letter spacing, offsets) follow the text size by themselves and are not listed.
export const SCALED_LAYOUT_PROPERTIES = ['text-size', 'icon-size'] as const;
export const SCALED_PAINT_PROPERTIES = [
  'line-width',
  'line-gap-width',
  'circle-radius',
  'circle-stroke-width',
  'text-halo-width',
  'line-blur',
] as const;

/** `value` × `factor` where it is a number or a zoom curve; unchanged otherwise. */
export function scaleSize(value: unknown, factor: number): unknown {
  if (factor === 1) return value;
  if (typeof value === 'number') return round(value * factor);
  if (!Array.isArray(value)) return value;
  const [operator] = value;
  if (operator === 'interpolate' || operator === 'interpolate-hcl' || operator === 'interpolate-lab') {
    // ['interpolate', type, input, stop1, out1, stop2, out2, …]
    return value.map((item, i) => (i >= 4 && (i - 4) % 2 === 0 ? scaleSize(item, factor) : item));
  }
  if (operator === 'step') {
    // ['step', input, out0, stop1, out1, …]
    return value.map((item, i) => (i >= 2 && i % 2 === 0 ? scaleSize(item, factor) : item));
  }
  return value;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface SizeProperty {
  layerId: string;
  kind: 'layout' | 'paint';
  name: string;
  value: unknown;
}

/** Every scalable size property set in a style's layers, with its written (unscaled) value. */
export function sizeProperties(style: StyleSpecification): SizeProperty[] {
  const found: SizeProperty[] = [];
  for (const layer of style.layers as Array<LayerSpecification & { layout?: Record<string, unknown>; paint?: Record<string, unknown> }>) {
    for (const name of SCALED_LAYOUT_PROPERTIES) {
      if (layer.layout?.[name] !== undefined) found.push({ layerId: layer.id, kind: 'layout', name, value: layer.layout[name] });
    }
    for (const name of SCALED_PAINT_PROPERTIES) {
      if (layer.paint?.[name] !== undefined) found.push({ layerId: layer.id, kind: 'paint', name, value: layer.paint[name] });
    }
    // Text with a default size still needs scaling on the wall.
    if (layer.type === 'symbol' && layer.layout?.['text-field'] !== undefined && layer.layout['text-size'] === undefined) {
      found.push({ layerId: layer.id, kind: 'layout', name: 'text-size', value: 16 });
    }
  }
  return found;
}

/** A copy of the style with every size scaled. */
export function scaleStyle(style: StyleSpecification, factor: number): StyleSpecification {
  if (factor === 1) return style;
  const layers = style.layers.map((layer) => {
    const l = layer as LayerSpecification & { layout?: Record<string, unknown>; paint?: Record<string, unknown> };
    const layout: Record<string, unknown> = { ...l.layout };
    const paint: Record<string, unknown> = { ...l.paint };
    for (const p of sizeProperties({ ...style, layers: [layer] })) {
      (p.kind === 'layout' ? layout : paint)[p.name] = scaleSize(p.value, factor);
    }
    return {
      ...l,
      ...(l.layout || Object.keys(layout).length ? { layout } : {}),
      ...(l.paint || Object.keys(paint).length ? { paint } : {}),
    } as LayerSpecification;
  });
  return { ...style, layers };
}
