/**
 * Money is kept in integer 分 (a number, or a bigint where sums may grow past what a double holds exactly); this
 * writes it as 元 with two decimals and thousands separators ("1,234.50").
 */
export function yuan(fen: number | bigint): string {
  if (typeof fen === 'bigint') {
    const abs = fen < 0n ? -fen : fen;
    const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${fen < 0n ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
  }
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * "25.5", "25.50" or "1,234.50" 元 as 分, exactly (parsed as digits, never through floating point); null when it
 * is not a non-negative amount with at most two decimals.
 */
export function fenOf(text: string): number | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
