/**
 * A photo on the field app is either uploaded (it has its content hash) or, taken without network, kept on the
 * phone (it has a local id) until the action it proves is sent. Queue entries carry photos as PhotoRefs; just
 * before the action is sent, kept photos are uploaded and become attachments (resolveAttachments).
 */
import type { AttachmentPurpose } from '@/domain/orders/order-values';
import { ATTACHMENT_LIMITS } from '@/domain/orders/attachment-limits';
import { newClientKey } from './offline-queue';
import { forgetPhotos, keepPhoto, keptPhoto } from './photo-store';
import { SignedOut, UploadRefused, uploadPhoto, type UploadedPhoto } from './photo-upload';

export interface KeptPhoto {
  localId: string;
  contentHash?: undefined;
  mediaType: string;
  byteSize: number;
  fileName: string;
  previewUrl: string;
}

export type FieldPhoto = (UploadedPhoto & { localId?: undefined }) | KeptPhoto;

/** What a queue entry keeps of a photo (JSON, no bytes): its hash once uploaded, else its id on the phone. */
export type PhotoRef = ({ contentHash: string; localId?: undefined } | { localId: string; contentHash?: undefined }) & {
  mediaType: string;
  byteSize: number;
  fileName: string;
  purpose: AttachmentPurpose;
};

export interface Attachment {
  contentHash: string;
  mediaType: string;
  byteSize: number;
  fileName: string;
  purpose: AttachmentPurpose;
}

/** A photo the server will refuse whenever it is sent: told now, not after the network is back. */
export class PhotoNotAccepted extends Error {}

export function checkPhoto(file: Blob & { name: string }): void {
  const limit = ATTACHMENT_LIMITS[file.type];
  if (!limit || file.type.startsWith('video/') || file.type.startsWith('audio/')) {
    throw new PhotoNotAccepted(`不支持的照片格式 ${file.type || '未知'}，请用 JPEG、PNG、WebP 或 HEIC / unsupported photo type`);
  }
  if (file.size > limit) throw new PhotoNotAccepted(`照片 ${file.name} 超过 ${Math.round(limit / 1024 / 1024)} MB / photo too large`);
}

/**
 * The field app's way to take a photo: upload it now when there is network, keep it on the phone when there is
 * not (or the upload never got an answer). A photo the server refused is thrown, with its reason.
 */
export async function takeFieldPhoto(file: File): Promise<FieldPhoto> {
  checkPhoto(file);
  if (navigator.onLine) {
    try {
      return { ...(await uploadPhoto(file, file.name)), previewUrl: URL.createObjectURL(file) };
    } catch (error) {
      // No answer, or a session that ran out offline: keep it here and send it with its action later.
      if (!(error instanceof TypeError) && !(error instanceof SignedOut)) throw error;
    }
  }
  const localId = newClientKey();
  await keepPhoto({ localId, blob: file, fileName: file.name, keptAt: Date.now() });
  return { localId, mediaType: file.type, byteSize: file.size, fileName: file.name, previewUrl: URL.createObjectURL(file) };
}

export function photoRefs(photos: readonly FieldPhoto[], purpose: AttachmentPurpose): PhotoRef[] {
  return photos.map((p) => ({
    ...(p.localId ? { localId: p.localId } : { contentHash: p.contentHash as string }),
    mediaType: p.mediaType,
    byteSize: p.byteSize,
    fileName: p.fileName,
    purpose,
  }));
}

/** Kept photos that are gone from the phone (storage cleared): the action can never be sent as it was. */
export class PhotoLost extends UploadRefused {}

/** Each ref as an attachment, uploading the kept ones first (the same bytes again are stored once). */
export async function resolveAttachments(refs: readonly PhotoRef[]): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  for (const ref of refs) {
    if (ref.localId === undefined) {
      attachments.push({
        contentHash: ref.contentHash,
        mediaType: ref.mediaType,
        byteSize: ref.byteSize,
        fileName: ref.fileName,
        purpose: ref.purpose,
      });
      continue;
    }
    const kept = await keptPhoto(ref.localId);
    if (!kept) throw new PhotoLost(`照片 ${ref.fileName} 已不在手机上，请重新拍摄后再提交 / the photo is no longer on this phone`);
    const uploaded = await uploadPhoto(kept.blob, ref.fileName);
    attachments.push({ ...uploaded, purpose: ref.purpose });
  }
  return attachments;
}

/** Once the action is on the server, its kept photos are too: free the phone's space. */
export function forgetKept(refs: readonly PhotoRef[] | undefined): Promise<void> {
  return forgetPhotos((refs ?? []).flatMap((r) => (r.localId ? [r.localId] : [])));
}
