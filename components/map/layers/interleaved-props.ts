/**
 * Layer props that @deck.gl/mapbox reads in interleaved mode but deck.gl's layer prop types do not declare:
 * `beforeId` puts the layer below that MapLibre layer, so base-map labels can stay on top of dense points.
 */
export interface InterleavedProps {
  beforeId?: string;
}
