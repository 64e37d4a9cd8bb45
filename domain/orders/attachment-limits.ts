/**
 * What media an order may carry and how large, with no dependencies: the server validates attachments against
 * it (attachments.ts) and the phone checks a photo it keeps offline against the same table before it is sent.
 */
const MB = 1024 * 1024;

/** Photos and documents from phones and feeds; video and audio from 5G field devices and calls. */
export const ATTACHMENT_LIMITS: Readonly<Record<string, number>> = {
  'image/jpeg': 15 * MB,
  'image/png': 15 * MB,
  'image/webp': 15 * MB,
  'image/heic': 15 * MB,
  'application/pdf': 20 * MB,
  'video/mp4': 200 * MB,
  'audio/mpeg': 20 * MB,
  'audio/mp4': 20 * MB,
};
