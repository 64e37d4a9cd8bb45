/**
 * Live alarms on the map: a point per located open alarm, filled by level (1 red … 4 blue), unacknowledged ones
 * with a white ring; critical unacknowledged ones pulse (the caller flips `pulse`, deck.gl animates the radius
 * on the GPU between the two sizes).
 *
 *   createAlarmsLayer({ alarms, visible, pulse, scale, id })
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { AlarmLevel } from '@/domain/alarms/alarm-types';
import { ALARM_LEVEL_RGBA } from '@/components/alarms/alarm-colours';
import type { InterleavedProps } from './interleaved-props';

export interface AlarmMapPoint {
  id: number;
  lng: number | null;
  lat: number | null;
  level: number;
  status: string;
}

const RADIUS = 7;
const PULSE_RADIUS = 15;

export function isPulsing(a: AlarmMapPoint): boolean {
  return a.level === 1 && a.status === 'active';
}

export function createAlarmsLayer(options: {
  alarms: readonly AlarmMapPoint[];
  visible: boolean;
  pulse: boolean;
  scale: number;
  id: string;
  beforeId?: string;
}) {
  const { alarms, visible, pulse, scale, id, beforeId } = options;
  const located = alarms.filter((a) => a.lng !== null && a.lat !== null);
  const props: ConstructorParameters<typeof ScatterplotLayer<AlarmMapPoint>>[0] & InterleavedProps = {
    id,
    beforeId,
    data: located,
    visible,
    pickable: false,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (a) => [a.lng!, a.lat!],
    getRadius: (a) => (isPulsing(a) && pulse ? PULSE_RADIUS : RADIUS) * scale,
    getFillColor: (a) => {
      const [r, g, b] = ALARM_LEVEL_RGBA[a.level as AlarmLevel];
      return [r, g, b, isPulsing(a) && pulse ? 120 : 230];
    },
    getLineColor: (a) => (a.status === 'active' ? [255, 255, 255, 255] : [15, 23, 42, 255]),
    getLineWidth: 2 * scale,
    transitions: { getRadius: 650, getFillColor: 650 },
    updateTriggers: { getRadius: [pulse, scale], getFillColor: [pulse], getLineWidth: [scale] },
  };
  return new ScatterplotLayer<AlarmMapPoint>(props);
}
