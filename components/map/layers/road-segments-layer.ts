/** The sanitation road segments (环卫路段) as paths coloured by cleaning grade. */
import { PathLayer, type PathLayerProps } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';
import type { PathDatum } from '../compact-layer';

export interface RoadSegmentsLayerOptions {
  id: string;
  data: readonly PathDatum[];
  visible: boolean;
  /** Width in design pixels; multiplied by `scale`. */
  width: number;
  scale: number;
  /** Index (in the compact layer) of the selected segment; -1 for none. */
  selectedIndex: number;
  beforeId?: string;
}

const HIGHLIGHT: [number, number, number, number] = [255, 255, 255, 180];

export function createRoadSegmentsLayer(options: RoadSegmentsLayerOptions): PathLayer<PathDatum> {
  const { id, data, visible, width, scale, selectedIndex, beforeId } = options;
  const props: PathLayerProps<PathDatum> & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: data as PathDatum[],
    positionFormat: 'XY',
    getPath: (d) => d.path,
    getColor: (d) => d.colour,
    getWidth: (d) => (d.index === selectedIndex ? width * 2 : width),
    widthUnits: 'pixels',
    widthScale: scale,
    widthMinPixels: 1,
    capRounded: true,
    jointRounded: true,
    pickable: true,
    autoHighlight: true,
    highlightColor: HIGHLIGHT,
    updateTriggers: { getWidth: [selectedIndex, width] },
  };
  return new PathLayer<PathDatum>(props);
}
