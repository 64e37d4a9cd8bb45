/** What window.__onemap reports about the deck layers: id, visibility and how many features each draws. */
import type { Layer } from '@deck.gl/core';
import { DRAW_ORDER, deckLayerId, layerDef } from './layer-catalog';
import type { LiveUnitView } from './live-bridge';

export function describeDeckLayers(layers: readonly Layer[], units: readonly LiveUnitView[]) {
  return layers.map((layer) => {
    const key = DRAW_ORDER.find((k) => deckLayerId(k) === layer.id);
    const def = key ? layerDef(key) : null;
    const data = layer.props.data as { length?: number } | unknown[] | null;
    // Unit layers share one slot table across kinds: count only the kinds the layer draws.
    const featureCount =
      def?.source === 'units'
        ? units.filter((u) => (def.unitKinds as readonly string[]).includes(u.kind)).length
        : Array.isArray(data)
          ? data.length
          : ((data as { length?: number } | null)?.length ?? 0);
    // Label layers (park names) say what they write, so a test can read the map's words, not just count them.
    const labels =
      Array.isArray(data) && data.length > 0 && typeof (data[0] as { text?: unknown }).text === 'string'
        ? (data as Array<{ text: string }>).map((d) => d.text)
        : undefined;
    const type = (layer.constructor as { layerName?: string }).layerName ?? 'Layer';
    return { id: layer.id, visible: layer.props.visible !== false, featureCount, type, ...(labels ? { labels } : {}) };
  });
}
