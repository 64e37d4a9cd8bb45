/**
 * One unit's replayed track on the map: the line coloured by speed band (runs from domain/positions/speed-bands),
 * its stops as rings with their duration written beside them. Drawn above orders and alarms, below the units.
 *
 *   createTrackLayers({ runs, stops, stopLabel: (s) => '12 分钟', scale })
 */
import { PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { SpeedBand, SpeedRun } from '@/domain/positions/speed-bands';
import { CJK_FONTS } from '../map-setup';

type Rgba = [number, number, number, number];

/** Cool to hot: standing grey-blue, working pace green, driving amber, fast red. The legend reads these too. */
export const SPEED_BAND_RGBA: Record<SpeedBand, Rgba> = {
  standing: [148, 163, 184, 255],
  working: [52, 211, 153, 255],
  driving: [251, 191, 36, 255],
  fast: [248, 113, 113, 255],
};

export const TRACK_LAYER_ID = 'onemap-unit-track';
export const TRACK_STOPS_LAYER_ID = 'onemap-unit-track-stops';
export const TRACK_STOP_LABELS_LAYER_ID = 'onemap-unit-track-stop-labels';

export interface TrackStopPoint {
  lng: number;
  lat: number;
  from: number;
  to: number;
}

export interface TrackLayersOptions {
  runs: readonly SpeedRun[];
  stops: readonly TrackStopPoint[];
  stopLabel(stop: TrackStopPoint): string;
  scale?: number;
}

const STOP_RING: Rgba = [255, 255, 255, 230];
const STOP_FILL: Rgba = [15, 23, 42, 200];
const LABEL_COLOUR: Rgba = [241, 245, 249, 255];
const LABEL_BACKGROUND: Rgba = [15, 23, 42, 210];

export function createTrackLayers({ runs, stops, stopLabel, scale = 1 }: TrackLayersOptions): Layer[] {
  const labels = stops.map((s) => ({ position: [s.lng, s.lat] as [number, number], text: stopLabel(s) }));
  return [
    new PathLayer<SpeedRun>({
      id: TRACK_LAYER_ID,
      data: runs as SpeedRun[],
      getPath: (r) => r.path,
      getColor: (r) => SPEED_BAND_RGBA[r.band],
      getWidth: 4 * scale,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      pickable: false,
    }),
    new ScatterplotLayer<TrackStopPoint>({
      id: TRACK_STOPS_LAYER_ID,
      data: stops as TrackStopPoint[],
      getPosition: (s) => [s.lng, s.lat],
      getRadius: 6 * scale,
      radiusUnits: 'pixels',
      stroked: true,
      getFillColor: STOP_FILL,
      getLineColor: STOP_RING,
      getLineWidth: 2 * scale,
      lineWidthUnits: 'pixels',
      pickable: false,
    }),
    new TextLayer<(typeof labels)[number]>({
      id: TRACK_STOP_LABELS_LAYER_ID,
      data: labels,
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      characterSet: 'auto',
      fontFamily: CJK_FONTS,
      getSize: 12,
      sizeUnits: 'pixels',
      sizeScale: scale,
      getColor: LABEL_COLOUR,
      background: true,
      getBackgroundColor: LABEL_BACKGROUND,
      backgroundPadding: [4, 2],
      getTextAnchor: 'start',
      getPixelOffset: [10 * scale, 0],
      getAlignmentBaseline: 'center',
      pickable: false,
    }),
  ];
}
