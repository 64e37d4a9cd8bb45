'use client';
/**
 * The live event feed: the latest entries (tRPC events.recent) followed by new ones as they happen
 * ('feed:event' over the socket), newest first, in the viewer's language. An entry about a facility or a
 * unit selects it on the map.
 */
import { formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { FeedEntry } from '@/components/map/live-bridge';
import { Panel } from '@/components/ui/panel';

export interface EventFeedProps {
  connected: boolean;
  events: readonly FeedEntry[];
  onPick(entry: FeedEntry): void;
  className?: string;
  /** The wall is replaying a moment: the feed still tells what happens now, and says so. */
  replaying?: boolean;
}

const SEVERITY_STYLE: Record<FeedEntry['severity'], string> = {
  info: 'border-sky-400/40 bg-sky-500/15 text-sky-200',
  warning: 'border-amber-400/50 bg-amber-500/15 text-amber-200',
  critical: 'border-red-400/60 bg-red-500/20 text-red-200',
};

export function EventFeed({ connected, events, onPick, className = '', replaying = false }: EventFeedProps) {
  const { t, locale } = useI18n();
  return (
    <Panel
      title={t(replaying ? 'replay.feedTitle' : 'feed.title')}
      testId="event-feed"
      className={className}
      // The newest entries fill the panel; older ones are a scroll away, never cut off without a way to reach them.
      bodyClassName="overflow-y-auto px-2 py-1"
    >
      {events.length === 0 ? (
        <p className="p-2 text-[0.85rem] text-slate-400">{connected ? t('feed.empty') : t('feed.unavailable')}</p>
      ) : (
        <ol className="flex flex-col">
          {events.map((entry) => {
            const pickable = entry.facilityId !== null || entry.unitId !== null;
            return (
              <li
                key={entry.id}
                data-testid="event-feed-item"
                data-severity={entry.severity}
                className="border-b border-sky-400/10 last:border-b-0"
              >
                <button
                  type="button"
                  disabled={!pickable}
                  onClick={() => onPick(entry)}
                  className="flex w-full items-start gap-2 px-1 py-[0.35rem] text-left text-[0.82rem] enabled:hover:bg-sky-400/10"
                >
                  <time className="shrink-0 tabular-nums text-slate-500">{formatTime(entry.at, locale)}</time>
                  <span className={`shrink-0 rounded border px-1 text-[0.7rem] ${SEVERITY_STYLE[entry.severity]}`}>
                    {t(`feed.severity.${entry.severity}`)}
                  </span>
                  <span className="min-w-0 flex-1 text-slate-100">{t(entry.messageKey, entry.params)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}
