/**
 * Re-scales a running map's sizes when the wall scale changes (a window resized or moved to another screen),
 * from the style's written values so repeated changes never compound.
 */
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { scaleSize, sizeProperties } from './scale-style';

export function applyStyleScale(map: MapLibreMap, writtenStyle: StyleSpecification, factor: number): void {
  for (const p of sizeProperties(writtenStyle)) {
    if (!map.getLayer(p.layerId)) continue;
    const value = scaleSize(p.value, factor);
    // The property names come from the style itself; MapLibre's typed setters cannot see that.
    if (p.kind === 'layout') map.setLayoutProperty(p.layerId, p.name as never, value as never);
    else map.setPaintProperty(p.layerId, p.name as never, value as never);
  }
}
