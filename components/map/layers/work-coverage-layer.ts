/**
 * Today's 作业覆盖 on the wall: a wide translucent band under each road segment a sweeper or washer worked —
 * emerald where the rule counts it worked, amber where only part of it was — so the segment's own line keeps its
 * cleaning-grade colour on top and no colour means two things (the band is a shape of its own).
 */
import { PathLayer, type PathLayerProps } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';
import type { CompactFacilityLayer } from '../map-types';
import type { Rgba } from '../status-colours';

export type CoverageState = 'covered' | 'partial' | 'none';

export const COVERAGE_BAND: Record<Exclude<CoverageState, 'none'>, Rgba> = {
  covered: [16, 185, 129, 150],
  partial: [245, 158, 11, 150],
};

/** What the coverage query says of one road segment (the fields the layer and its tooltip read). */
export interface SegmentCoverageView {
  id: number;
  /** Share of the segment's length worked, 0…1. */
  share: number;
  /** The share reaches the rule's minimum. */
  covered: boolean;
  units: readonly string[];
  firstAt: Date | null;
  lastAt: Date | null;
}

export interface CoverageBandDatum {
  /** Index of the segment in the road-segment facility layer (picking reads the segment from there). */
  index: number;
  path: number[];
  state: Exclude<CoverageState, 'none'>;
}

export function coverageStateOf(segment: SegmentCoverageView | undefined): CoverageState {
  if (!segment || segment.share <= 0) return 'none';
  return segment.covered ? 'covered' : 'partial';
}

/** Bands for the worked segments, on the road layer's own geometry (the query sends no geometry). */
export function coverageBands(roads: CompactFacilityLayer | undefined, segments: readonly SegmentCoverageView[]): CoverageBandDatum[] {
  if (!roads || roads.geometry !== 'path') return [];
  const indexOf = new Map(roads.ids.map((id, index) => [id, index]));
  const bands: CoverageBandDatum[] = [];
  for (const segment of segments) {
    const state = coverageStateOf(segment);
    const index = indexOf.get(segment.id);
    if (state === 'none' || index === undefined) continue;
    for (const path of roads.paths[index] ?? []) if (path.length >= 4) bands.push({ index, path, state });
  }
  return bands;
}

export function createWorkCoverageLayer(options: {
  id: string;
  data: readonly CoverageBandDatum[];
  /** Band width in design pixels; multiplied by `scale`. */
  width: number;
  scale: number;
  beforeId?: string;
}): PathLayer<CoverageBandDatum> {
  const { id, data, width, scale, beforeId } = options;
  const props: PathLayerProps<CoverageBandDatum> & InterleavedProps = {
    id,
    beforeId,
    data: data as CoverageBandDatum[],
    positionFormat: 'XY',
    getPath: (d) => d.path,
    getColor: (d) => COVERAGE_BAND[d.state],
    getWidth: width,
    widthUnits: 'pixels',
    widthScale: scale,
    capRounded: true,
    jointRounded: true,
    pickable: true,
  };
  return new PathLayer<CoverageBandDatum>(props);
}
