/**
 * Sending a photo's bytes to POST /api/uploads, where they are stored under their sha256: sending the same photo
 * twice stores it once, which is what lets a photo kept on the phone be sent again after a lost answer. A failure
 * with no answer (no network) is a TypeError, as fetch throws it; a refusal carries the server's message.
 */
export interface UploadedPhoto {
  contentHash: string;
  mediaType: string;
  byteSize: number;
  fileName: string;
  previewUrl: string;
}

/** The server said no to this photo, or it can never be sent: a final answer, not a network failure. */
export class UploadRefused extends Error {}

/** The server no longer knows this phone's session (it ran out while the phone was offline): not a refusal. */
export class SignedOut extends Error {}

export async function uploadPhoto(file: Blob, fileName: string): Promise<Omit<UploadedPhoto, 'previewUrl'>> {
  const response = await fetch('/api/uploads', {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as {
    contentHash?: string;
    mediaType?: string;
    byteSize?: number;
    error?: { message: string };
  };
  if (response.status === 401) throw new SignedOut(body.error?.message ?? 'HTTP 401');
  if (!response.ok || !body.contentHash) {
    // A gateway's 5xx page is the network failing, not the server judging the photo.
    if (response.status >= 500) throw new TypeError(`HTTP ${response.status}`);
    throw new UploadRefused(body.error?.message ?? `HTTP ${response.status}`);
  }
  return { contentHash: body.contentHash, mediaType: body.mediaType ?? file.type, byteSize: body.byteSize ?? file.size, fileName };
}

/** For screens that need the network anyway (the cockpit's forms): upload now, or fail with the reason. */
export async function uploadNow(file: File): Promise<UploadedPhoto> {
  return { ...(await uploadPhoto(file, file.name)), previewUrl: URL.createObjectURL(file) };
}
