/**
 * GeoReport v2 dates "must use w3 format, eg 2010-01-01T00:00:00Z" (W3C-DTF, a profile of ISO 8601). Accepted:
 * a full date-time with seconds optional and a zone (Z or ±hh:mm), or a whole date (YYYY-MM-DD), read as that
 * day's start in Asia/Shanghai — the jurisdiction's own calendar. A date-time without a zone is refused: it could
 * be UTC or Beijing time, eight hours apart. Returns null for anything else.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseW3cDate(text: string): Date | null {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) return validDay(date) ? new Date(`${value}T00:00:00+08:00`) : null;
  const full = DATE_TIME.exec(value);
  if (!full || !validDay(full) || Number(full[4]) > 23 || Number(full[5]) > 59 || Number(full[6] ?? 0) > 59) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function validDay([, y, m, d]: RegExpExecArray): boolean {
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
}
