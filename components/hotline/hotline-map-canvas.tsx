'use client';
/**
 * The analyst's map (loaded lazily): the wall's offline base map with deck.gl layers — H3 r8 hexbins coloured by
 * ticket count (emerging cells outlined in red), a heat layer of the period's tickets (overlapping translucent
 * discs), the playback's tickets up to the slider's time, and markers for repeated places. A click on a hexbin
 * selects that hotspot.
 */
import type { Layer } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { cellToBoundary } from 'h3-js';
import { useEffect, useMemo, useRef } from 'react';
import { useBaseMap } from '@/components/map/use-base-map';
import type { InterleavedProps } from '@/components/map/layers/interleaved-props';
import { BaseMapFrame } from '@/components/map/base-map-frame';
import { useWallScale } from '@/components/ui/use-wall-scale';

export interface HexCell {
  cell: string;
  tickets: number;
  emerging: boolean;
}

export interface HotlineMapCanvasProps {
  cells: readonly HexCell[];
  /** [lng, lat, minutes since the period's start], oldest first. */
  points: ReadonlyArray<readonly [number, number, number]>;
  /** Tickets up to this minute are drawn (playback); null = all. */
  until: number | null;
  layers: { hex: boolean; heat: boolean; points: boolean };
  repeated: ReadonlyArray<{ lng: number; lat: number; tickets: number }>;
  selectedCell: string | null;
  onCellClick(cell: string): void;
  onReady(): void;
}

const HEX_LAYER_ID = 'hotline-hex';
const BELOW_LABELS = 'sub-district-label';
const CHANGNING: [number, number] = [121.395, 31.212];

/** Yellow → orange → red by share of the busiest cell. */
function hexColour(share: number): [number, number, number, number] {
  const s = Math.min(1, Math.max(0, share));
  return [250, Math.round(220 - 180 * s), Math.round(90 - 80 * s), Math.round(70 + 140 * s)];
}

type Point = readonly [number, number, number];
type Repeated = { lng: number; lat: number; tickets: number };
type DotProps<T> = ConstructorParameters<typeof ScatterplotLayer<T>>[0] & InterleavedProps;
type HexProps = ConstructorParameters<typeof PolygonLayer<HexDatum>>[0] & InterleavedProps;

interface HexDatum extends HexCell {
  polygon: number[][];
}

const dots = <T,>(props: DotProps<T>) => new ScatterplotLayer<T>(props);
const hexLayer = (props: HexProps) => new PolygonLayer<HexDatum>(props);

export default function HotlineMapCanvas(props: HotlineMapCanvasProps) {
  const { cells, points, until, layers, repeated, selectedCell, onCellClick, onReady } = props;
  const scale = useWallScale();
  const containerRef = useRef<HTMLDivElement>(null);
  // useBaseMap keeps the latest click handler itself, so this closure may change every render.
  const base = useBaseMap({
    containerRef,
    scale,
    center: CHANGNING,
    zoom: 12.6,
    onClick: (event, overlay) => {
      const info = overlay.pickObject({ x: event.point.x, y: event.point.y, radius: 2, layerIds: [HEX_LAYER_ID] });
      const hex = info?.picked ? (info.object as HexDatum | undefined) : undefined;
      if (hex) onCellClick(hex.cell);
    },
  });

  const hexes = useMemo((): HexDatum[] => cells.map((c) => ({ ...c, polygon: cellToBoundary(c.cell, true) })), [cells]);
  const busiest = useMemo(() => Math.max(1, ...cells.map((c) => c.tickets)), [cells]);
  const shown = useMemo(() => {
    if (until === null) return points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid][2] <= until) lo = mid + 1;
      else hi = mid;
    }
    return points.slice(0, lo);
  }, [points, until]);

  const deckLayers = useMemo((): Layer[] => {
    const list: Layer[] = [];
    if (layers.heat) {
      list.push(
        dots<Point>({
          id: 'hotline-heat',
          data: shown,
          getPosition: (p) => [p[0], p[1]],
          getRadius: 90,
          radiusUnits: 'meters',
          getFillColor: [255, 120, 40, 28],
          stroked: false,
          beforeId: BELOW_LABELS,
        }),
      );
    }
    if (layers.hex) {
      list.push(
        hexLayer({
          id: HEX_LAYER_ID,
          data: hexes,
          getPolygon: (d) => d.polygon,
          getFillColor: (d) => hexColour(d.tickets / busiest),
          getLineColor: (d) => (d.cell === selectedCell ? [56, 189, 248, 255] : d.emerging ? [239, 68, 68, 255] : [250, 204, 21, 90]),
          getLineWidth: (d) => (d.cell === selectedCell ? 4 : d.emerging ? 3 : 1),
          lineWidthUnits: 'pixels',
          pickable: true,
          updateTriggers: { getFillColor: busiest, getLineColor: selectedCell, getLineWidth: selectedCell },
          beforeId: BELOW_LABELS,
        }),
      );
    }
    if (layers.points) {
      list.push(
        dots<Point>({
          id: 'hotline-points',
          data: shown,
          getPosition: (p) => [p[0], p[1]],
          getRadius: 2.2 * scale,
          radiusUnits: 'pixels',
          getFillColor: [125, 211, 252, 200],
          beforeId: BELOW_LABELS,
        }),
      );
    }
    if (repeated.length) {
      list.push(
        dots<Repeated>({
          id: 'hotline-repeated',
          data: repeated,
          getPosition: (r) => [r.lng, r.lat],
          getRadius: (r) => (5 + Math.min(10, r.tickets / 2)) * scale,
          radiusUnits: 'pixels',
          stroked: true,
          filled: false,
          getLineColor: [217, 70, 239, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          beforeId: BELOW_LABELS,
        }),
      );
    }
    return list;
  }, [layers, shown, hexes, busiest, selectedCell, repeated, scale]);

  useEffect(() => {
    base.overlay?.setProps({ layers: deckLayers });
  }, [base.overlay, base.loaded, deckLayers]);

  useEffect(() => {
    if (base.loaded) onReady();
  }, [base.loaded, onReady]);

  return <BaseMapFrame containerRef={containerRef} failure={base.failure} />;
}
