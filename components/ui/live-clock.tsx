'use client';
/** Date and time in Asia/Shanghai, ticking every second; blank until mounted so server and browser agree. */
import { useEffect, useState } from 'react';
import { formatDate, formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';

export function LiveClock() {
  const { t, locale } = useI18n();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div data-testid="live-clock" className="flex items-baseline gap-3 tabular-nums" aria-label={t('command.clockLabel')}>
      <span className="text-[0.85rem] text-slate-400">{now === null ? '' : formatDate(now, locale)}</span>
      <time
        className="text-[1.6rem] font-semibold tracking-wider text-sky-100"
        dateTime={now === null ? undefined : new Date(now).toISOString()}
      >
        {now === null ? '--:--:--' : formatTime(now, locale)}
      </time>
    </div>
  );
}
