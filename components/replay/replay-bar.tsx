'use client';
/**
 * The wall's time bar above the map: 实时 / 回放; in replay a date, a time of day and the period's end, play/pause,
 * the speed, a slider over the period, what was open at the moment shown, and a banner no one can take for live.
 * One row while live; two short rows in replay, so it fits the map's column at 1920×1080 in either language.
 */
import { useI18n } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { shanghaiDay, shanghaiTime } from '@/domain/shanghai-time';
import { REPLAY_SPEEDS, shanghaiMoment } from './replay-clock';
import type { Replay } from './use-replay';

const segment = (on: boolean) =>
  `px-3 py-0.5 text-[0.85rem] ${on ? 'bg-sky-600 text-white' : 'text-sky-200 hover:bg-sky-900/50'} first:rounded-l last:rounded-r`;

/** 09:00:00, or 12-03 09:00:00 for another day than today. */
function momentLabel(at: number): string {
  const day = shanghaiDay(new Date(at));
  const time = shanghaiTime(new Date(at));
  return day === shanghaiDay(new Date()) ? time : `${day.slice(5)} ${time}`;
}

export function ReplayBar({ replay }: { replay: Replay }) {
  const { t } = useI18n();
  const inReplay = replay.mode === 'replay';
  const day = shanghaiDay(new Date(replay.at));
  const shownAt = replay.shown?.at ?? replay.at;

  const onDay = (value: string) => {
    const at = shanghaiMoment(value, shanghaiTime(new Date(replay.at)));
    if (at !== null) replay.seek(at);
  };
  const onTime = (value: string) => {
    const at = shanghaiMoment(day, value);
    if (at !== null) replay.seek(at);
  };
  const onUntil = (value: string) => {
    const until = shanghaiMoment(shanghaiDay(new Date(replay.from)), value);
    if (until !== null) replay.setPeriod(replay.from, until);
  };

  return (
    <div
      data-testid="replay-bar"
      data-mode={replay.mode}
      className={`flex shrink-0 flex-col gap-1 rounded-lg border px-2 py-1 text-[0.85rem] ${
        inReplay ? 'border-amber-400/70 bg-amber-950/40' : 'border-sky-400/25 bg-slate-950/60'
      }`}
    >
      <div className="flex items-center gap-2 whitespace-nowrap">
        <div role="group" aria-label={t('replay.mode')} className="flex rounded border border-sky-400/40">
          <button
            type="button"
            data-testid="replay-mode-live"
            aria-pressed={!inReplay}
            className={segment(!inReplay)}
            onClick={replay.live}
          >
            {t('replay.live')}
          </button>
          <button
            type="button"
            data-testid="replay-mode-replay"
            aria-pressed={inReplay}
            className={segment(inReplay)}
            onClick={replay.start}
          >
            {t('replay.replay')}
          </button>
        </div>
        {inReplay ? (
          <>
            <label className="flex items-center gap-1 text-slate-300">
              {t('replay.date')}
              <Input
                type="date"
                size="xs"
                tone="wall"
                data-testid="replay-date"
                value={day}
                max={shanghaiDay(new Date())}
                onChange={(e) => onDay(e.target.value)}
              />
            </label>
            <label className="flex items-center gap-1 text-slate-300">
              {t('replay.time')}
              <Input
                type="time"
                size="xs"
                tone="wall"
                step={1}
                data-testid="replay-time"
                value={shanghaiTime(new Date(replay.at))}
                onChange={(e) => onTime(e.target.value)}
              />
            </label>
            <label className="flex items-center gap-1 text-slate-300">
              {t('replay.until')}
              <Input
                type="time"
                size="xs"
                tone="wall"
                step={1}
                data-testid="replay-until"
                value={shanghaiTime(new Date(replay.until))}
                onChange={(e) => onUntil(e.target.value)}
              />
            </label>
            <Button
              size="xs"
              variant={replay.playing ? 'warn' : 'secondary'}
              data-testid="replay-play"
              onClick={replay.playing ? replay.pause : replay.play}
            >
              {replay.playing ? t('replay.pause') : t('replay.play')}
            </Button>
            <div role="group" aria-label={t('replay.speed')} className="flex rounded border border-sky-400/40">
              {REPLAY_SPEEDS.map((speed) => (
                <button
                  key={speed}
                  type="button"
                  data-testid={`replay-speed-${speed}`}
                  aria-pressed={replay.speed === speed}
                  className={segment(replay.speed === speed)}
                  onClick={() => replay.setSpeed(speed)}
                >
                  {t('replay.speedOption', { speed })}
                </button>
              ))}
            </div>
            <Button size="xs" variant="confirm" className="ml-auto" data-testid="replay-back-live" onClick={replay.live}>
              {t('replay.backToLive')}
            </Button>
          </>
        ) : null}
      </div>
      {inReplay ? (
        <div className="flex items-center gap-2 whitespace-nowrap">
          <span
            role="status"
            data-testid="replay-banner"
            data-at={shownAt}
            className="rounded bg-amber-500 px-2 py-0.5 font-semibold tabular-nums text-slate-950"
          >
            {replay.playing
              ? t('replay.bannerPlaying', { time: momentLabel(shownAt), speed: replay.speed })
              : t('replay.banner', { time: momentLabel(shownAt) })}
          </span>
          <input
            type="range"
            aria-label={t('replay.time')}
            data-testid="replay-slider"
            className="min-w-0 flex-1 accent-amber-400"
            min={replay.from}
            max={replay.until}
            step={1000}
            value={replay.at}
            onChange={(e) => replay.seek(Number(e.target.value))}
          />
          <span data-testid="replay-counts" className="tabular-nums text-slate-300">
            {replay.failed
              ? t('replay.failed')
              : replay.shown
                ? t('replay.counts', {
                    units: replay.shown.units.length,
                    orders: replay.shown.orders.length,
                    alarms: replay.shown.alarms.length,
                    tickets: replay.shown.tickets.length,
                  })
                : t('replay.loading')}
          </span>
        </div>
      ) : null}
    </div>
  );
}
