/** A long span as words a leader reads at a glance: "3小时5分" / "2天4小时", never a stopwatch. */
type Translate = (key: string, params?: Record<string, string | number>) => string;

export function durationWords(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('summary.days', { d, h });
  if (h > 0) return t('summary.hours', { h, m });
  return t('summary.minutes', { m });
}

/** "+3" / "−2" / "±0": a change against the earlier span, signed so it reads without colour. */
export function signedDelta(now: number, before: number): string {
  const delta = now - before;
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}
