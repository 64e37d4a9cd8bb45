/**
 * Green spaces (公园绿地) as translucent areas with their outline, and the names of the named ones on top. A
 * MultiPolygon park is several data items carrying its index, so picking any part picks the park. Names are
 * drawn by deck.gl in the page's own CJK font (characterSet 'auto'), so no glyph file is needed offline.
 */
import { PolygonLayer, type PolygonLayerProps, TextLayer, type TextLayerProps } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';
import { CJK_FONTS } from '../map-setup';
import type { AreaDatum, AreaLabelDatum } from '../compact-layer';

export interface ParksLayerOptions {
  id: string;
  data: readonly AreaDatum[];
  labels: readonly AreaLabelDatum[];
  visible: boolean;
  /** Outline width and label size in design pixels; multiplied by `scale`. */
  outlineWidth: number;
  labelSize: number;
  scale: number;
  /** Index (in the compact layer) of the selected park; -1 for none. */
  selectedIndex: number;
  beforeId?: string;
}

const HIGHLIGHT: [number, number, number, number] = [187, 247, 208, 120];
const SELECTED_LINE: [number, number, number, number] = [255, 255, 255, 240];
const LABEL_COLOUR: [number, number, number, number] = [220, 252, 231, 255];
const LABEL_BACKGROUND: [number, number, number, number] = [5, 46, 22, 190];

/** The id of the names layer that goes with a parks layer. */
export const parkLabelsLayerId = (id: string) => `${id}-labels`;

export function createParksLayers(options: ParksLayerOptions): [PolygonLayer<AreaDatum>, TextLayer<AreaLabelDatum>] {
  const { id, data, labels, visible, outlineWidth, labelSize, scale, selectedIndex, beforeId } = options;
  const areas: PolygonLayerProps<AreaDatum> & InterleavedProps = {
    id,
    beforeId,
    visible,
    data: data as AreaDatum[],
    getPolygon: (d) => d.rings,
    getFillColor: (d) => d.colour,
    getLineColor: (d) => (d.index === selectedIndex ? SELECTED_LINE : d.line),
    getLineWidth: (d) => (d.index === selectedIndex ? outlineWidth * 2 : outlineWidth),
    lineWidthUnits: 'pixels',
    lineWidthScale: scale,
    lineWidthMinPixels: 1,
    stroked: true,
    filled: true,
    pickable: true,
    autoHighlight: true,
    highlightColor: HIGHLIGHT,
    updateTriggers: { getLineColor: [selectedIndex], getLineWidth: [selectedIndex, outlineWidth] },
  };
  const names: TextLayerProps<AreaLabelDatum> & InterleavedProps = {
    id: parkLabelsLayerId(id),
    visible,
    data: labels as AreaLabelDatum[],
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    characterSet: 'auto',
    fontFamily: CJK_FONTS,
    getSize: labelSize,
    sizeUnits: 'pixels',
    sizeScale: scale,
    getColor: LABEL_COLOUR,
    background: true,
    getBackgroundColor: LABEL_BACKGROUND,
    backgroundPadding: [4, 2],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    pickable: false,
  };
  return [new PolygonLayer<AreaDatum>(areas), new TextLayer<AreaLabelDatum>(names)];
}
