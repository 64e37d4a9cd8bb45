/** The JSON error every raw HTTP route answers with (server/http/request.ts sendError), for the OpenAPI document. */
import { z } from 'zod';

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageKey: z.string().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });
