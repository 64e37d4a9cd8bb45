/**
 * Nearest-unit candidates on the map: straight lines from the order or clicked point to each candidate unit (the
 * best-ranked one highlighted) and a marker on the point itself. Straight, because the ranking's distance is the
 * straight line × the road factor; the lines show direction and reach, not the route.
 *
 *   createCandidateLinesLayers({ origin, candidates, colour, bestColour, originColour, scale })
 */
import { LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { InterleavedProps } from './interleaved-props';
import type { Rgba } from './orders-layer';

export interface CandidateEnd {
  unitId: number;
  lng: number;
  lat: number;
}

export interface CandidateLinesOptions {
  origin: { lng: number; lat: number };
  /** In ranking order: the first is the best. */
  candidates: readonly CandidateEnd[];
  colour: Rgba;
  bestColour: Rgba;
  originColour: Rgba;
  scale?: number;
  beforeId?: string;
}

export const CANDIDATE_LINES_LAYER_ID = 'candidate-lines';
export const PICKED_POINT_LAYER_ID = 'picked-point';

export function createCandidateLinesLayers(options: CandidateLinesOptions): Layer[] {
  const { origin, candidates, colour, bestColour, originColour, scale = 1, beforeId } = options;
  const best = candidates[0]?.unitId;
  const lineProps: ConstructorParameters<typeof LineLayer<CandidateEnd>>[0] & InterleavedProps = {
    id: CANDIDATE_LINES_LAYER_ID,
    beforeId,
    data: candidates,
    widthUnits: 'pixels',
    getSourcePosition: () => [origin.lng, origin.lat],
    getTargetPosition: (c) => [c.lng, c.lat],
    getColor: (c) => (c.unitId === best ? bestColour : colour),
    getWidth: (c) => (c.unitId === best ? 3 : 1.5) * scale,
    updateTriggers: { getSourcePosition: [origin.lng, origin.lat], getColor: [best], getWidth: [best, scale] },
  };
  const originProps: ConstructorParameters<typeof ScatterplotLayer<{ lng: number; lat: number }>>[0] & InterleavedProps = {
    id: PICKED_POINT_LAYER_ID,
    beforeId,
    data: [origin],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: false,
    getPosition: (p) => [p.lng, p.lat],
    getRadius: 9 * scale,
    getLineColor: originColour,
    getLineWidth: 2.5 * scale,
  };
  return [new LineLayer<CandidateEnd>(lineProps), new ScatterplotLayer<{ lng: number; lat: number }>(originProps)];
}
