'use client';
/**
 * A unit's track on the wall: asked for from the unit's detail, read for the replay's period (or the last two hours
 * while live), drawn on the map coloured by speed band with its stops and their durations, and summed up in the
 * detail panel (distance, stops, the speed legend).
 */
import { useQuery } from '@tanstack/react-query';
import type { Layer } from '@deck.gl/core';
import { useMemo } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { createTrackLayers, SPEED_BAND_RGBA, type TrackStopPoint } from '@/components/map/layers/track-layer';
import { cssColour } from '@/components/map/status-colours';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { formatNumber } from '@/domain/i18n/format';
import { SPEED_BAND_LIMITS_KMH, SPEED_BANDS, speedRuns } from '@/domain/positions/speed-bands';
import { shanghaiTime } from '@/domain/shanghai-time';
import { trackBounds } from '@/geo/track-bounds';

export interface TrackRequest {
  unitId: number;
  from: number;
  to: number;
}

/** While live, a track shows the last this many milliseconds. */
export const LIVE_TRACK_MS = 2 * 3_600_000;

const minutesOf = (s: TrackStopPoint) => Math.round((s.to - s.from) / 60_000);
const hhmm = (ms: number) => shanghaiTime(new Date(ms)).slice(0, 5);

export function useUnitTrack(request: TrackRequest | null, scale = 1) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const query = useQuery(
    trpc.positions.track.queryOptions(
      { unitId: request?.unitId ?? 1, from: new Date(request?.from ?? 0), to: new Date(request?.to ?? 1) },
      { enabled: request !== null, staleTime: 30_000 },
    ),
  );
  const track = request ? (query.data ?? null) : null;
  const layers = useMemo<Layer[]>(
    () =>
      track
        ? createTrackLayers({
            runs: speedRuns(track.points),
            stops: track.stops,
            stopLabel: (s) => t('track.stopLabel', { minutes: minutesOf(s) }),
            scale,
          })
        : [],
    [track, t, scale],
  );
  const bounds = useMemo(() => (track ? trackBounds(track.points) : null), [track]);
  return { track, layers, bounds, loading: request !== null && query.isLoading };
}

type Track = NonNullable<ReturnType<typeof useUnitTrack>['track']>;

export function UnitTrackCard({
  request,
  track,
  loading,
  onShow,
  onHide,
}: {
  request: TrackRequest | null;
  track: Track | null;
  loading: boolean;
  onShow(): void;
  onHide(): void;
}) {
  const { t, locale } = useI18n();
  if (!request) {
    return (
      <Button size="xs" variant="outline" className="mt-2" data-testid="detail-track" onClick={onShow}>
        {t('track.show')}
      </Button>
    );
  }
  const limits = { ...SPEED_BAND_LIMITS_KMH, fast: SPEED_BAND_LIMITS_KMH.driving };
  return (
    <section data-testid="unit-track" className="mt-2 space-y-1 border-t border-sky-400/15 pt-2 text-[0.8rem]">
      <div className="flex items-center justify-between gap-2">
        <span className="font-semibold text-sky-100">{t('track.period', { from: hhmm(request.from), to: hhmm(request.to) })}</span>
        <Button size="xs" variant="quiet" data-testid="detail-track-hide" onClick={onHide}>
          {t('track.hide')}
        </Button>
      </div>
      {loading || !track ? (
        <p className="text-slate-400">{t('track.loading')}</p>
      ) : track.points.length === 0 ? (
        <p className="text-slate-400">{t('track.none')}</p>
      ) : (
        <>
          <p className="text-slate-300" data-testid="unit-track-summary" data-stops={track.stops.length}>
            {t('track.distance')} {formatNumber(track.distanceM / 1000, locale, 1)} km · {t('track.stops')}{' '}
            {t('track.stopCount', { count: track.stops.length })}
            {track.simulated ? ` · ${t('positions.simulatedTrack')}` : ''}
          </p>
          {track.truncated ? <p className="text-amber-300">{t('track.truncated')}</p> : null}
          <ul className="max-h-[5.5rem] overflow-y-auto text-slate-300">
            {track.stops.map((s) => (
              <li key={s.from} className="tabular-nums">
                {t('track.stopRow', { from: hhmm(s.from), to: hhmm(s.to), minutes: minutesOf(s) })}
              </li>
            ))}
          </ul>
        </>
      )}
      <div
        className="flex flex-wrap items-center gap-x-3 gap-y-1 text-slate-300"
        aria-label={t('track.speed')}
        data-testid="unit-track-legend"
      >
        {SPEED_BANDS.map((band) => (
          <span key={band} className="inline-flex items-center gap-1">
            <span
              className="inline-block h-[0.25rem] w-[1rem] rounded"
              style={{ background: cssColour(SPEED_BAND_RGBA[band]) }}
              aria-hidden
            />
            {t(`track.band.${band}`, { limit: limits[band] })}
          </span>
        ))}
      </div>
    </section>
  );
}
