/**
 * Limits of the tRPC endpoint, shared by the server that enforces them and the browser's batch link that must stay
 * within them. One batched GET of 50 snapshot calls once returned 8.9 MB, and a 25 MB body was parsed: both now end
 * in a clear 400/413 before any procedure runs.
 */
/** Calls in one batched request (the browser's httpBatchLink splits larger batches itself). */
export const TRPC_MAX_BATCH = 16;
/** A request body for any procedure but the spreadsheet imports. */
export const TRPC_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A spreadsheet upload (the 12345 import: up to 20 MB) travels as base64 (4/3 of it) inside JSON. */
export const TRPC_MAX_IMPORT_BODY_BYTES = 28 * 1024 * 1024;
/** Procedures that take a spreadsheet upload, each called alone (never batched), so their larger body limit holds for them only. */
export const TRPC_UPLOAD_PROCEDURES: readonly string[] = [
  'hotline.import',
  'fees.uploadVolumes',
  'fees.importStatement',
  'facilityData.check',
  'facilityData.import',
  'knowledge.importDocument',
  'knowledge.importEntries',
];
