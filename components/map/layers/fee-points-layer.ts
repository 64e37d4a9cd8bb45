/**
 * 清费云 collection points on the map: filled by the payer's contract state, and ringed thick in red when the
 * payer went over its contract recently (an overage recorded for billing), so the fee clerk sees where to look.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { InterleavedProps } from './interleaved-props';

export type Rgba = [number, number, number, number];
export type FeeContractState = 'active' | 'renewal_due' | 'draft' | 'ended' | 'none';

export interface FeeMapPoint {
  id: number;
  payerId: number;
  payerName: string;
  lngLat: [number, number];
  contractState: FeeContractState;
  overage: { excess: number; month: string } | null;
}

export const FEE_STATE_FILL: Record<FeeContractState, Rgba> = {
  active: [52, 211, 153, 230],
  renewal_due: [251, 191, 36, 230],
  draft: [96, 165, 250, 230],
  ended: [148, 163, 184, 200],
  none: [226, 232, 240, 160],
};
export const FEE_OVERAGE_RING: Rgba = [239, 68, 68, 255];
const PLAIN_RING: Rgba = [15, 23, 42, 200];

export function createFeePointsLayer(options: {
  points: readonly FeeMapPoint[];
  id: string;
  scale?: number;
  beforeId?: string;
}): ScatterplotLayer<FeeMapPoint> {
  const { points, id, scale = 1, beforeId } = options;
  const props: ConstructorParameters<typeof ScatterplotLayer<FeeMapPoint>>[0] & InterleavedProps = {
    id,
    beforeId,
    data: points,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (p) => p.lngLat,
    getRadius: (p) => (p.overage ? 6 : 4.5) * scale,
    getFillColor: (p) => FEE_STATE_FILL[p.contractState],
    getLineColor: (p) => (p.overage ? FEE_OVERAGE_RING : PLAIN_RING),
    getLineWidth: (p) => (p.overage ? 3 : 1) * scale,
    updateTriggers: { getRadius: [scale], getLineWidth: [scale] },
  };
  return new ScatterplotLayer<FeeMapPoint>(props);
}
