/**
 * The 12345 tickets open at a replayed moment, drawn only in replay (the live wall has no ticket layer): small
 * dots in the hotline screens' sky blue, ringed red once past their due time at that moment.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';

type Rgba = [number, number, number, number];

export const REPLAY_TICKETS_LAYER_ID = 'onemap-replay-tickets';
export const TICKET_FILL: Rgba = [56, 189, 248, 210];
export const TICKET_OVERDUE_RING: Rgba = [239, 68, 68, 255];
const TICKET_RING: Rgba = [224, 242, 254, 200];

export interface TicketMapPoint {
  id: number;
  lng: number;
  lat: number;
  overdue: boolean;
}

export function createReplayTicketsLayer(tickets: readonly TicketMapPoint[], scale = 1): ScatterplotLayer<TicketMapPoint> {
  const props: ConstructorParameters<typeof ScatterplotLayer<TicketMapPoint>>[0] & InterleavedProps = {
    id: REPLAY_TICKETS_LAYER_ID,
    data: tickets as TicketMapPoint[],
    getPosition: (d) => [d.lng, d.lat],
    getRadius: 4.5 * scale,
    radiusUnits: 'pixels',
    stroked: true,
    getFillColor: TICKET_FILL,
    getLineColor: (d) => (d.overdue ? TICKET_OVERDUE_RING : TICKET_RING),
    getLineWidth: 1.5 * scale,
    lineWidthUnits: 'pixels',
    pickable: false,
  };
  return new ScatterplotLayer<TicketMapPoint>(props);
}
