/**
 * What an attachment must be before an order refers to it: a sha256 content hash (the bytes are stored
 * content-addressed by the upload route), an accepted media type and a size within its type's limit.
 */
import { z } from 'zod';
import type { AttachmentPurpose, NewOrderAttachment } from '@/db/schema';
import { ATTACHMENT_LIMITS } from '@/domain/orders/attachment-limits';

export const ATTACHMENT_PURPOSES: readonly AttachmentPurpose[] = ['report', 'before', 'after', 'evidence', 'other'];

export const attachmentInput = z
  .object({
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'contentHash: sha256 as 64 lower-case hex digits'),
    mediaType: z
      .string()
      .refine((t) => t in ATTACHMENT_LIMITS, { message: `mediaType: one of ${Object.keys(ATTACHMENT_LIMITS).join(', ')}` }),
    byteSize: z.number().int().positive(),
    fileName: z.string().trim().max(200).optional(),
    purpose: z.enum(ATTACHMENT_PURPOSES as [AttachmentPurpose, ...AttachmentPurpose[]]),
  })
  .refine((a) => a.byteSize <= (ATTACHMENT_LIMITS[a.mediaType] ?? 0), {
    message: 'byteSize: larger than allowed for its media type',
    path: ['byteSize'],
  });

export type AttachmentInput = z.infer<typeof attachmentInput>;

export function attachmentRows(orderId: number, eventId: number, at: Date, attachments: readonly AttachmentInput[]): NewOrderAttachment[] {
  return attachments.map((a) => ({
    order_id: orderId,
    event_id: eventId,
    purpose: a.purpose,
    content_hash: a.contentHash,
    media_type: a.mediaType,
    byte_size: a.byteSize,
    file_name: a.fileName ?? null,
    created_at: at,
  }));
}
