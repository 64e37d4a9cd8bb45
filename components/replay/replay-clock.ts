/**
 * The wall's replay clock, pure: which moment the slider starts at, how far one step of playback moves it at a
 * speed, and where a chosen date and time of day (Asia/Shanghai) fall. Time in the replay moves in whole seconds.
 */
import { fromShanghaiLocalInput, shanghaiDayStart } from '@/domain/shanghai-time';

/** The speeds offered: replayed seconds per second on the wall. */
export const REPLAY_SPEEDS = [1, 10, 60, 300] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
/** Playback reads one moment per this many wall milliseconds, and units glide between them. */
export const REPLAY_STEP_MS = 1000;
/** The default period a replay runs for when only its start is chosen. */
export const DEFAULT_PERIOD_MS = 60 * 60_000;
const MORNING_HOUR = 9;
const RECENT_FALLBACK_MS = 15 * 60_000;

const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Today 09:00 Shanghai once that is past; before then (or early in a fresh server's day), a quarter of an hour ago. */
export function defaultReplayStart(now: number): number {
  const morning = shanghaiDayStart(new Date(now)).getTime() + MORNING_HOUR * 3_600_000;
  return wholeSecond(morning < now - RECENT_FALLBACK_MS ? morning : now - RECENT_FALLBACK_MS);
}

/** The moment after one playback step at `speed`, never beyond `until`; `ended` once it reaches it. */
export function stepReplay(at: number, speed: ReplaySpeed, until: number): { at: number; ended: boolean } {
  const next = wholeSecond(at + speed * REPLAY_STEP_MS);
  return next >= until ? { at: until, ended: true } : { at: next, ended: false };
}

/** A period from `from` to `until`, kept in the past (before `now`) and in order (at least a minute long). */
export function clampPeriod(from: number, until: number, now: number): { from: number; until: number } {
  const end = Math.min(wholeSecond(until), wholeSecond(now));
  const start = Math.min(wholeSecond(from), end - 60_000);
  return { from: start, until: end };
}

/** The instant a Shanghai date (yyyy-mm-dd) and time of day (HH:mm or HH:mm:ss) mean; null when they mean none. */
export function shanghaiMoment(day: string, time: string): number | null {
  const match = /^(\d{2}:\d{2})(?::(\d{2}))?$/.exec(time);
  if (!match) return null;
  const minute = fromShanghaiLocalInput(`${day}T${match[1]}`);
  return minute ? minute.getTime() + Number(match[2] ?? 0) * 1000 : null;
}
