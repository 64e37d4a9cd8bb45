/** All SQL of the Open311 interface: the public service requests it answers for, and the media they carry. */
import { type Kysely, sql } from 'kysely';
import type { Database, OrderStatus } from '@/db/schema';
import { stLngLat, stPoint } from '@/db/st';
import { PUBLIC_NOTE_ACTIONS, PUBLIC_SOURCES } from '@/domain/open311/public-requests';

export interface RequestQuery {
  codes?: string[];
  serviceCodes?: string[];
  from: Date;
  to: Date;
  statuses?: OrderStatus[];
  limit: number;
}

/**
 * Public requests (domain/open311/public-requests.ts), newest first: with `codes`, exactly those (the
 * specification: service_request_id overrides every other argument); otherwise in the period and filters.
 */
export function listPublicRequests(db: Kysely<Database>, query: RequestQuery) {
  let q = db
    .selectFrom('orders as o')
    .leftJoin('order_categories as c', 'c.code', 'o.category_code')
    .select((eb) => [
      'o.code',
      'o.status',
      'o.source',
      'o.category_code',
      'c.name_zh as category_name',
      'o.description',
      'o.address',
      'o.received_at',
      'o.updated_at',
      'o.resolve_by',
      ...stLngLat(eb.ref('o.geom')),
      eb
        .selectFrom('order_events as e')
        .select('e.note')
        .whereRef('e.order_id', '=', 'o.id')
        .where('e.note', 'is not', null)
        .where('e.action', 'in', PUBLIC_NOTE_ACTIONS)
        .orderBy('e.id', 'desc')
        .limit(1)
        .as('last_note'),
      eb
        .selectFrom('order_attachments as a')
        .select('a.content_hash')
        .whereRef('a.order_id', '=', 'o.id')
        .where('a.purpose', '=', 'report')
        .where('a.media_type', 'like', 'image/%')
        .orderBy('a.id')
        .limit(1)
        .as('media_hash'),
      eb
        .selectFrom('order_events as e')
        .select(sql<string | null>`e.detail->'open311'->>'mediaUrl'`.as('url'))
        .whereRef('e.order_id', '=', 'o.id')
        .where('e.action', '=', 'create')
        .limit(1)
        .as('media_url'),
    ])
    .where('o.source', 'in', PUBLIC_SOURCES)
    .orderBy('o.id', 'desc')
    .limit(query.limit);
  if (query.codes?.length) return q.where('o.code', 'in', query.codes).execute();
  q = q.where('o.received_at', '>=', query.from).where('o.received_at', '<=', query.to);
  if (query.serviceCodes?.length) q = q.where('o.category_code', 'in', query.serviceCodes);
  if (query.statuses?.length) q = q.where('o.status', 'in', query.statuses);
  return q.execute();
}

/** Whether an image is the report photo of a public request (only those are served to anonymous clients). */
export async function isPublicMedia(db: Kysely<Database>, contentHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('order_attachments as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .select('a.id')
    .where('a.content_hash', '=', contentHash)
    .where('a.purpose', '=', 'report')
    .where('o.source', '=', 'open311')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a point lies in the district (any of its sub-districts). */
export async function insideDistrict(db: Kysely<Database>, lng: number, lat: number): Promise<boolean> {
  const row = await db
    .selectFrom('sub_districts')
    .select('code')
    .where(sql<boolean>`ST_Covers(geom, ${stPoint([lng, lat])})`)
    .executeTakeFirst();
  return row !== undefined;
}

/** An addressed point of the gazetteer, by its id (Open311's address_id). */
export function addressById(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('addresses')
    .select((eb) => ['address', ...stLngLat(eb.ref('geom'))])
    .where('id', '=', id)
    .executeTakeFirst();
}

export type Open311RequestRow = Awaited<ReturnType<typeof listPublicRequests>>[number];
