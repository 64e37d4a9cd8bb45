/**
 * A point facility layer (lights, shops, toilets, kiosks, …) drawn from binary attributes: positions and
 * colours are typed arrays made once per data change, so 2,000 lights cost no per-object accessor calls.
 */
import { ScatterplotLayer, type ScatterplotLayerProps } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';
import type { PointLayerData } from '../compact-layer';

export interface FacilityPointsLayerOptions {
  id: string;
  data: PointLayerData;
  visible: boolean;
  /** Radius in design pixels (1920×1080); multiplied by `scale`. */
  radius: number;
  /** Outline width in design pixels; 0 for none (dense layers stay cheap). */
  outline: number;
  /** The wall scale (see components/ui/wall-scale.ts). */
  scale: number;
  /** Index of the selected facility, highlighted; -1 for none. */
  selectedIndex: number;
  /** MapLibre layer to draw below (interleaved), so base-map labels stay readable above dense points. */
  beforeId?: string;
}

const OUTLINE: [number, number, number, number] = [4, 10, 21, 230];
const HIGHLIGHT: [number, number, number, number] = [255, 255, 255, 200];

export function createFacilityPointsLayer(options: FacilityPointsLayerOptions): ScatterplotLayer {
  const { id, data, visible, radius, outline, scale, selectedIndex, beforeId } = options;
  const props: ScatterplotLayerProps & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: {
      length: data.length,
      attributes: {
        getPosition: { value: data.positions, size: 2 },
        getFillColor: { value: data.colours, size: 4 },
      },
    },
    radiusUnits: 'pixels',
    getRadius: radius * scale,
    radiusMinPixels: 1.5 * scale,
    stroked: outline > 0,
    getLineColor: OUTLINE,
    lineWidthUnits: 'pixels',
    getLineWidth: outline * scale,
    pickable: true,
    autoHighlight: true,
    highlightColor: HIGHLIGHT,
    highlightedObjectIndex: selectedIndex,
    updateTriggers: { getRadius: [radius, scale], getLineWidth: [outline, scale] },
  };
  return new ScatterplotLayer(props);
}
