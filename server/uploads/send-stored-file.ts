/**
 * Replies with a file from the upload store: its type, length and disposition, and the headers that keep a stored
 * file from acting as a page of this site when opened directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendStoredFile(req: IncomingMessage, res: ServerResponse, file: { bytes: Buffer; mediaType: string; disposition: string }) {
  res.writeHead(200, {
    'content-type': file.mediaType,
    'content-length': file.bytes.length,
    'content-disposition': file.disposition,
    // Opened directly, an upload is a document of its own: no script, no plugin, no same-origin rights.
    'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
    // Content-addressed: the bytes behind a hash never change (access is checked on every request all the same).
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
