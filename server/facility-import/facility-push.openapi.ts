/** The facility push interface in the served OpenAPI document, with the route's own schemas. */
import { z } from 'zod';
import { FACILITIES_PUSH_SCOPE } from '@/server/clients/client-scopes';
import type { OpenApiPaths } from '@/server/openapi/document';
import { facilityPushAnswer, facilityPushBody } from './facility-push.schemas';

const refused = z.object({ error: z.object({ code: z.string(), message: z.string() }).passthrough() });

export const FACILITY_PUSH_PATHS: OpenApiPaths = {
  '/api/data/facilities/push': [
    {
      method: 'post',
      summary: '源系统推送设施变更 / a source system pushes facility changes',
      description:
        '按源系统自己的稳定编号（sourceId）新增、更新（upsert）或撤销（retire）设施；与文件导入同一套清洗（编码统一、街道推导、' +
        '区界与水域检查、重复识别）。坐标系由 crs 声明（wgs84、gcj02、bd09）。mode=all 时有任一问题则全部不写入（422）；' +
        'mode=valid 只写入无问题的变更。每次推送是一个可整体撤销的导入批次。 Insert, update or retire facilities by the source ' +
        'system’s own stable ids, through the same cleansing as file imports; each push is an import batch that the data ' +
        'steward can undo as a whole.',
      scope: FACILITIES_PUSH_SCOPE,
      requestBody: { content: { 'application/json': facilityPushBody } },
      responses: {
        '200': { description: '已写入（或无变化） / written (or nothing changed)', schema: facilityPushAnswer },
        '400': { description: '请求体不合规 / malformed body', schema: refused },
        '401': { description: '密钥缺失或无效 / key missing or not valid', schema: refused },
        '422': { description: 'mode=all 且有变更存在问题，未写入 / mode all with problems: nothing written', schema: facilityPushAnswer },
      },
    },
  ],
};
