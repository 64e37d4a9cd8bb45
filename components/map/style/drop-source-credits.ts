/**
 * The style's sources each carry the OSM credit in English; MapLibre would print them beside the credit the map
 * adds in the reader's language. The sources' copies are dropped so the credit appears once, translated.
 */
import type { StyleSpecification } from 'maplibre-gl';

export function dropSourceCredits(style: StyleSpecification): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, source]) => {
      if (!('attribution' in source)) return [id, source];
      const { attribution: _credit, ...rest } = source;
      return [id, rest];
    }),
  ) as StyleSpecification['sources'];
  return { ...style, sources };
}
