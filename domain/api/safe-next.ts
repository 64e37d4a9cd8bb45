/**
 * Where the browser may go after signing in: a path on this site only. Anything else a crafted link could put in
 * `?next=` (another host, a scheme, a protocol-relative or backslash form that browsers treat as another host,
 * control characters that browsers strip) falls back to the home page.
 */
const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function safeNextPath(value: string | null | undefined, fallback = '/'): string {
  // Browsers drop tabs and newlines from URLs and read '\' as '/': judge the path as the browser will.
  if (!value || hasControlCharacter(value)) return fallback;
  const normalized = value.replace(/\\/g, '/');
  if (!normalized.startsWith('/') || normalized.startsWith('//')) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(normalized).replace(/\\/g, '/');
  } catch {
    return fallback;
  }
  if (decoded.startsWith('//') || hasControlCharacter(decoded)) return fallback;
  // The final judge: resolved against this origin, it must stay on it.
  const base = 'https://onemap.invalid';
  const resolved = new URL(normalized, base);
  return resolved.origin === base ? resolved.pathname + resolved.search + resolved.hash : fallback;
}
