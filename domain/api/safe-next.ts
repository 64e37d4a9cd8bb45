/**
 * Where the browser may go after signing in: a path on this site only. Anything else a crafted link could put in
 * `?next=` (another host, a scheme, a protocol-relative or backslash form that browsers treat as another host,
 * control characters that browsers strip) falls back to the home page.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/'): string {
  if (!value) return fallback;
  // Browsers drop tabs and newlines from URLs and read '\' as '/': judge the path as the browser will.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const normalized = value.replace(/\\/g, '/');
  if (!normalized.startsWith('/') || normalized.startsWith('//')) return fallback;
  let decoded = normalized;
  try {
    decoded = decodeURIComponent(normalized);
  } catch {
    return fallback;
  }
  if (decoded.replace(/\\/g, '/').startsWith('//') || /[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  // The final judge: resolved against this origin, it must stay on it.
  const base = 'https://onemap.invalid';
  const resolved = new URL(normalized, base);
  return resolved.origin === base ? resolved.pathname + resolved.search + resolved.hash : fallback;
}
