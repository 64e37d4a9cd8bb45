/**
 * A Content-Disposition header naming a file as people named it: `filename*` (RFC 5987/6266, UTF-8) carries a
 * Chinese name exactly; `filename` is an ASCII stand-in for clients that read only that (non-ASCII and quoting
 * characters replaced), keeping the extension so the file still opens with the right program.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
