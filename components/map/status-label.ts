/** Display names for statuses and kinds: the catalogue's words where it has them, the raw value otherwise. */
type Translate = (key: string, params?: Record<string, string | number>) => string;

export function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

export function statusLabel(t: Translate, status: string): string {
  return labelOr(t, `status.${status}`, status);
}
