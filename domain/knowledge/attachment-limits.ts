/**
 * What files a knowledge entry may offer, how large, and where they are sent and fetched, with no dependencies: the server checks every upload
 * against it (server/knowledge/attachments.service.ts) and the editor's screen names the accepted files from it.
 * Forms (表单) come as PDF, Word or Excel; materials (材料) may add a photo of a sample.
 */
const MB = 1024 * 1024;

export const KNOWLEDGE_ATTACHMENT_LIMITS: Readonly<Record<string, number>> = {
  'application/pdf': 20 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 20 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 20 * MB,
  'image/jpeg': 10 * MB,
  'image/png': 10 * MB,
  'image/webp': 10 * MB,
};

/** The type of each accepted file-name ending, for a browser that reports no type for a chosen file. */
export const KNOWLEDGE_ATTACHMENT_EXTENSIONS: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The file-name endings an editor picks from (the browser's file chooser filter). */
export const KNOWLEDGE_ATTACHMENT_ACCEPT = Object.keys(KNOWLEDGE_ATTACHMENT_EXTENSIONS)
  .map((e) => `.${e}`)
  .join(',');

/** A version offers at most this many files: a form, its filled-in sample, a few photos. */
export const MAX_ATTACHMENTS_PER_VERSION = 20;

/** File names as people gave them, kept for the download; control characters and path parts are not. */
export const MAX_ATTACHMENT_NAME = 200;

/** Where the browser sends a draft's new file (server/knowledge/attachments.route.ts)… */
export const knowledgeUploadPath = (entryId: number, version: number, fileName: string) =>
  `/api/knowledge/files/entries/${entryId}/versions/${version}?name=${encodeURIComponent(fileName)}`;
/** …and where a signed-in person downloads one. */
export const knowledgeFilePath = (attachmentId: number) => `/api/knowledge/files/${attachmentId}`;
