'use client';
/**
 * The wall's replay: live or a past moment, the period it plays through, play/pause and speed; the district at the
 * shown moment read from the server (replay.districtAt, one read per step, the next one prefetched while playing),
 * and the units put there on the map (live frames stop reaching it until back to live).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useShowUnitsMoment } from '@/components/map/live-bridge';
import { useTRPC } from '@/components/trpc/client';
import { clampPeriod, DEFAULT_PERIOD_MS, defaultReplayStart, REPLAY_STEP_MS, type ReplaySpeed, stepReplay } from './replay-clock';

export type DistrictAt = inferRouterOutputs<AppRouter>['replay']['districtAt'];

export interface ReplayState {
  mode: 'live' | 'replay';
  /** The moment chosen (epoch ms); while playing it moves a step each second. */
  at: number;
  from: number;
  until: number;
  playing: boolean;
  speed: ReplaySpeed;
}

export interface Replay extends ReplayState {
  /** The district at the moment shown (the last read that arrived); null while live or before the first read. */
  shown: DistrictAt | null;
  loading: boolean;
  failed: boolean;
  start(): void;
  live(): void;
  /** Jumps to a moment; a moment outside the period moves the period to start there. */
  seek(at: number): void;
  setPeriod(from: number, until: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: ReplaySpeed): void;
}

const LIVE: ReplayState = { mode: 'live', at: 0, from: 0, until: 0, playing: false, speed: 60 };

export function useReplay(): Replay {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const showUnitsMoment = useShowUnitsMoment();
  const [state, setState] = useState<ReplayState>(LIVE);
  const replaying = state.mode === 'replay';

  const options = (at: number) => trpc.replay.districtAt.queryOptions({ at: new Date(at) }, { staleTime: 60_000 });
  const query = useQuery({ ...options(state.at), enabled: replaying, placeholderData: keepPreviousData });
  const shown = replaying ? (query.data ?? null) : null;

  // Playback: one step a second; the next moment is read ahead so the step shows without waiting.
  useEffect(() => {
    if (!replaying || !state.playing) return;
    const next = stepReplay(state.at, state.speed, state.until);
    void queryClient.prefetchQuery(options(next.at));
    const timer = setTimeout(() => setState((s) => (s.playing ? { ...s, at: next.at, playing: !next.ended } : s)), REPLAY_STEP_MS);
    return () => clearTimeout(timer);
    // options() is rebuilt each render from trpc, which is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [replaying, state.playing, state.at, state.speed, state.until, queryClient, trpc]);

  // The units on the map follow the moment shown; gliding while playing, jumping on a seek.
  const shownUnits = shown?.units;
  useEffect(() => {
    if (shownUnits) showUnitsMoment(shownUnits, state.playing ? REPLAY_STEP_MS : 0);
    // Only a new read moves the units; a change of play state alone does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownUnits, showUnitsMoment]);
  useEffect(() => {
    if (!replaying) showUnitsMoment(null);
  }, [replaying, showUnitsMoment]);

  const start = useCallback(() => {
    const now = Date.now();
    const from = defaultReplayStart(now);
    const period = clampPeriod(from, from + DEFAULT_PERIOD_MS, now);
    setState((s) => (s.mode === 'replay' ? s : { mode: 'replay', at: period.from, ...period, playing: false, speed: s.speed }));
  }, []);
  const live = useCallback(() => setState((s) => ({ ...LIVE, speed: s.speed })), []);
  const seek = useCallback(
    (at: number) =>
      setState((s) => {
        const period = at >= s.from && at <= s.until ? s : clampPeriod(at, at + DEFAULT_PERIOD_MS, Date.now());
        const clamped = Math.min(Math.max(Math.floor(at / 1000) * 1000, period.from), period.until);
        return { ...s, from: period.from, until: period.until, at: clamped };
      }),
    [],
  );
  const setPeriod = useCallback(
    (from: number, until: number) =>
      setState((s) => {
        const period = clampPeriod(from, until, Date.now());
        return { ...s, ...period, at: Math.min(Math.max(s.at, period.from), period.until) };
      }),
    [],
  );
  const play = useCallback(() => setState((s) => ({ ...s, playing: true, at: s.at >= s.until ? s.from : s.at })), []);
  const pause = useCallback(() => setState((s) => ({ ...s, playing: false })), []);
  const setSpeed = useCallback((speed: ReplaySpeed) => setState((s) => ({ ...s, speed })), []);

  return useMemo(
    () => ({
      ...state,
      shown,
      loading: replaying && (query.isFetching || query.isPlaceholderData),
      failed: replaying && query.isError,
      start,
      live,
      seek,
      setPeriod,
      play,
      pause,
      setSpeed,
    }),
    [
      state,
      shown,
      replaying,
      query.isFetching,
      query.isPlaceholderData,
      query.isError,
      start,
      live,
      seek,
      setPeriod,
      play,
      pause,
      setSpeed,
    ],
  );
}
