/** The open alarms, most severe first, as a leader reads them: what, where, since when. */
import { formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { RouterOutputs } from '@/components/trpc/router-outputs';

type LeaderSummary = RouterOutputs['summary']['leader'];

const LEVEL_CLASS: Record<number, string> = { 1: 'bg-red-600', 2: 'bg-orange-500', 3: 'bg-amber-500', 4: 'bg-sky-600' };

export function AlarmList({ alarms }: { alarms: LeaderSummary['alarms']['top'] }) {
  const { t, locale } = useI18n();
  if (alarms.length === 0) return <p className="py-2 text-[0.9rem] text-emerald-300">{t('summary.alarmsNone')}</p>;
  return (
    <ul className="divide-y divide-sky-400/10">
      {alarms.map((a) => (
        <li key={a.id} className="flex items-baseline gap-2 py-2" data-testid="summary-alarm">
          <span className={`shrink-0 rounded px-1.5 text-[0.7rem] text-white ${LEVEL_CLASS[a.level] ?? 'bg-slate-600'}`}>
            {t(`alarms.level.${a.level}`)}
          </span>
          {/* On a phone the whole line is read: it wraps rather than being cut. */}
          <div className="min-w-0 flex-1 break-words">
            <div className="text-[0.95rem] text-slate-100">{t(`alarms.type.${a.type}`)}</div>
            <div className="text-[0.75rem] text-slate-400">
              {a.objectName ?? a.objectCode} · {t(`alarms.status.${a.status}`)}
            </div>
          </div>
          <span className="shrink-0 text-[0.75rem] text-slate-400">
            {t('summary.alarmSince', { time: formatTime(a.firstSeenAt, locale).slice(0, 5) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
