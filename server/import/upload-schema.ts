/**
 * The input of every spreadsheet upload over tRPC (the 12345 import, clearance volumes): a .csv or .xlsx file as
 * base64 and the importer's mode. Each such procedure must also be listed in TRPC_UPLOAD_PROCEDURES
 * (domain/api/limits.ts), or its body is refused above the usual 2 MB.
 */
import { z } from 'zod';

export function spreadsheetUploadSchema(maxMegabytes: number) {
  return z.object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/\.(csv|xlsx)$/i, '只能导入 .csv 或 .xlsx 文件 / only .csv or .xlsx'),
    base64: z
      .string()
      .min(1)
      .max(Math.ceil((maxMegabytes * 1024 * 1024 * 4) / 3), `文件超过 ${maxMegabytes} MB / the file is over ${maxMegabytes} MB`),
    mode: z.enum(['check', 'all', 'valid']),
  });
}

/** What every spreadsheet import answers (server/import/table-import): counts and the problems by row; routers extend it. */
export const importReportSchema = z.object({
  rows: z.number(),
  validRows: z.number(),
  imported: z.number(),
  badRows: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  errorCount: z.number(),
});
