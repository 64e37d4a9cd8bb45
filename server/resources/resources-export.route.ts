/**
 * GET /api/data/export?format=csv|xlsx|geojson&theme=…&kind=…&subDistrictCode=…&status=…&origin=…&text=…: the
 * resource centre's current selection as a file, to anyone who may view the map. CSV and XLSX through the one
 * table exporter (server/hotline/export.ts), in the reader's language; GeoJSON in WGS84 with every attribute.
 */
import type { IncomingMessage } from 'node:http';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { LOCALE_COOKIE, parseLocale, translate } from '@/domain/i18n/messages';
import { readCookie } from '@/server/auth/cookies';
import { toCsv, toXlsx } from '@/server/hotline/export';
import type { HttpRoute } from '@/server/http/routes';
import { ledgerFilterSchema, ledgerGeoJson, ledgerTable, type ResourcesService } from './resources.service';

export const DATA_EXPORT_PATH = '/api/data/export';
const FORMATS = ['csv', 'xlsx', 'geojson'] as const;

export function createResourcesExportRoute(deps: {
  resources: ResourcesService;
  requireUser: (req: IncomingMessage, permissions: readonly Permission[]) => Promise<unknown>;
}): HttpRoute {
  return {
    prefix: DATA_EXPORT_PATH,
    async handle(req, res, url) {
      await deps.requireUser(req, ['map:view']);
      if (req.method !== 'GET' || url.pathname !== DATA_EXPORT_PATH)
        throw new AppError('NOT_FOUND', 'error.notFound', 'No such file', { what: url.pathname });
      const format = url.searchParams.get('format') as (typeof FORMATS)[number];
      if (!FORMATS.includes(format))
        throw new AppError('BAD_REQUEST', 'data.error.badQuery', 'format must be csv, xlsx or geojson', { detail: 'format' });
      const parsed = ledgerFilterSchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
        throw new AppError('BAD_REQUEST', 'data.error.badQuery', `Invalid query: ${detail}`, { detail });
      }
      const rows = await deps.resources.exportRows(parsed.data);
      const locale = parseLocale(readCookie(req.headers.cookie, LOCALE_COOKIE));
      const name = `${translate(locale, 'data.title')}-${translate(locale, `data.theme.${parsed.data.theme}`)}`;
      const [type, body] =
        format === 'geojson'
          ? ['application/geo+json; charset=utf-8', Buffer.from(ledgerGeoJson(rows), 'utf8')]
          : format === 'csv'
            ? ['text/csv; charset=utf-8', Buffer.from(toCsv(ledgerTable(rows, locale)), 'utf8')]
            : ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await toXlsx(ledgerTable(rows, locale), name)];
      res.writeHead(200, {
        'content-type': type,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
        'cache-control': 'private, no-store',
        'content-length': body.length,
      });
      res.end(body);
    },
  };
}
