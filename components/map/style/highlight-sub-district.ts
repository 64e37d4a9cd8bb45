/** Outlines the sub-district the map is zoomed to (the style's 'sub-district-selected' layer); none for the whole district. */
import type { Map as MapLibreMap } from 'maplibre-gl';

export const SELECTED_SUB_DISTRICT_LAYER = 'sub-district-selected';

export function highlightSubDistrict(map: MapLibreMap, code: string | null): void {
  if (map.getLayer(SELECTED_SUB_DISTRICT_LAYER)) map.setFilter(SELECTED_SUB_DISTRICT_LAYER, ['==', ['get', 'code'], code ?? '']);
}
