'use client';
/**
 * 地图选点 for a patrol report: the base map (centred on the phone's GPS fix when there is one, with the addressed
 * places around as landmarks) where a tap sets the problem's place, drawn as a ring, and names the landmark
 * nearest it. For when GPS is poor (between tall buildings, indoors) or the problem is across the street.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useRef } from 'react';
import { useBaseMap } from '@/components/map/use-base-map';
import { useI18n } from '@/components/i18n/i18n-provider';
import { nearestLandmark, useLandmarks } from './use-landmarks';

const PICK_ZOOM = 16;

export interface Place {
  lng: number;
  lat: number;
}

export default function PlacePicker({
  centre,
  picked,
  onPick,
}: {
  centre: Place | null;
  picked: Place | null;
  onPick(place: Place): void;
}) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const base = useBaseMap({
    containerRef,
    scale: 1,
    center: centre ? [centre.lng, centre.lat] : undefined,
    zoom: centre ? PICK_ZOOM : undefined,
    onClick: (event) => onPick({ lng: event.lngLat.lng, lat: event.lngLat.lat }),
  });

  const landmarks = useLandmarks(base, picked ?? centre);
  const near = picked ? nearestLandmark(landmarks, picked) : null;

  // A new GPS fix moves the map there.
  useEffect(() => {
    if (base.loaded && centre) base.map?.jumpTo({ center: [centre.lng, centre.lat], zoom: PICK_ZOOM });
  }, [base.loaded, base.map, centre]);

  useEffect(() => {
    base.overlay?.setProps({
      layers: picked
        ? [
            new ScatterplotLayer<Place>({
              id: 'picked-place',
              data: [picked],
              getPosition: (p) => [p.lng, p.lat],
              getRadius: 9,
              radiusUnits: 'pixels',
              stroked: true,
              filled: true,
              getFillColor: [56, 189, 248, 90],
              getLineColor: [240, 249, 255, 255],
              getLineWidth: 3,
              lineWidthUnits: 'pixels',
            }),
          ]
        : [],
    });
  }, [base.overlay, base.loaded, picked]);

  return (
    <figure className="space-y-1">
      <div
        data-testid="field-report-map"
        data-ready={base.loaded ? 'true' : 'false'}
        className="relative h-[14rem] w-full overflow-hidden rounded-lg border border-sky-400/30 bg-[#040a15]"
      >
        <div ref={containerRef} style={{ position: 'absolute', inset: 0 }} />
      </div>
      <figcaption className="text-[0.85rem] text-slate-400" data-testid="field-report-near" data-landmark={near?.landmark.name ?? ''}>
        {base.failure ??
          (near ? t('field.report.near', { name: near.landmark.name, meters: Math.round(near.meters) }) : t('field.report.pickHint'))}
      </figcaption>
    </figure>
  );
}
