/**
 * Receiving one file's bytes over raw HTTP (body = the bytes, Content-Type = their declared type), for every route
 * that stores into the upload store: the declared type must be in the caller's table, the body within that type's
 * limit (refused before more is read), not empty, and its content really of the declared type (sniffed from its
 * first bytes). Any refusal is thrown before anything is stored, with a message the user's language can show.
 */
import type { IncomingMessage } from 'node:http';
import { AppError, isAppError } from '@/domain/errors';
import { readBody } from '@/server/http/request';
import { EXTENSION_OF, sniffMediaType } from './media-sniff';

export interface ReceivedFile {
  bytes: Buffer;
  mediaType: string;
}

const MB = 1024 * 1024;

export async function receiveFile(req: IncomingMessage, limits: Readonly<Record<string, number>>): Promise<ReceivedFile> {
  const declared = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const limit = limits[declared];
  if (!limit)
    throw new AppError(
      'BAD_REQUEST',
      'upload.refusedType',
      `Unsupported media type "${declared || 'none'}"; send one of ${Object.keys(limits).join(', ')}`,
      {
        types: Object.keys(limits)
          .map((t) => EXTENSION_OF[t] ?? t)
          .join(' '),
      },
    );
  const bytes = await readBody(req, limit).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'PAYLOAD_TOO_LARGE')
      throw new AppError('PAYLOAD_TOO_LARGE', 'upload.tooLarge', `File larger than ${limit} bytes`, {
        megabytes: Math.round((limit / MB) * 10) / 10,
      });
    throw error;
  });
  if (bytes.length === 0) throw new AppError('BAD_REQUEST', 'upload.empty', 'The file is empty');
  const actual = sniffMediaType(bytes);
  if (actual !== declared)
    throw new AppError(
      'BAD_REQUEST',
      'upload.notWhatItSays',
      `The file is not a ${declared} (its content looks like ${actual ?? 'nothing known'})`,
      {
        type: EXTENSION_OF[declared] ?? declared,
      },
    );
  return { bytes, mediaType: declared };
}
