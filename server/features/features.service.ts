/**
 * OGC API – Features Part 1 (OGC 17-069r4) over the facility layers: one collection per facility kind, items as
 * GeoJSON in CRS84 (WGS84 lng/lat), paged by limit/offset with `next`/`prev` links and numberMatched, filtered by
 * bbox and simple property equalities. Builds the documents; the route (features.route.ts) handles HTTP.
 * Feature JSON is assembled around PostGIS's own GeoJSON text, so a 1,000-feature page is not parsed and re-serialised.
 */
import type { Kysely } from 'kysely';
import type { Database, FacilityKind } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { translate } from '@/domain/i18n/messages';
import { FACILITY_KINDS } from '@/server/facilities/facilities.service';
import * as repo from './features.repository';

export const FEATURES_PATH = '/api/features';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** Collection ids are the facility kinds with dashes ('litter-bin'), as URLs prefer. */
export function collectionIdOf(kind: FacilityKind): string {
  return kind.replace(/_/g, '-');
}

export function kindOfCollection(id: string): FacilityKind | null {
  const kind = id.replace(/-/g, '_');
  return (FACILITY_KINDS as readonly string[]).includes(kind) ? (kind as FacilityKind) : null;
}

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Makes absolute links, carrying an api_key given in the query on to the next page (GIS clients follow links). */
export type LinkMaker = (path: string, params?: Record<string, string>) => string;

function collectionDocument(
  kind: FacilityKind,
  extent: { xmin: number; ymin: number; xmax: number; ymax: number } | undefined,
  link: LinkMaker,
) {
  const id = collectionIdOf(kind);
  return {
    id,
    title: translate('zh', `kind.${kind}`),
    description: `${translate('zh', `kind.${kind}`)} / ${translate('en', `kind.${kind}`)}`,
    itemType: 'feature',
    crs: [CRS84],
    ...(extent ? { extent: { spatial: { bbox: [[extent.xmin, extent.ymin, extent.xmax, extent.ymax]], crs: CRS84 } } } : {}),
    links: [
      { href: link(`/collections/${id}`), rel: 'self', type: 'application/json', title: 'this collection' },
      { href: link(`/collections/${id}/items`), rel: 'items', type: 'application/geo+json', title: 'items' },
    ] satisfies Link[],
  };
}

/**
 * Each feature's self link from one template made once per page (building a URL per feature cost more than the
 * query itself on a 1,000-feature page).
 */
function selfLinks(kind: FacilityKind, link: LinkMaker): (id: number) => string {
  const [head, tail] = link(`/collections/${collectionIdOf(kind)}/items/{featureId}`).split('{featureId}');
  const before = `[{"href":${JSON.stringify(head).slice(0, -1)}`;
  const after = `${JSON.stringify(tail).slice(1)},"rel":"self","type":"application/geo+json"}]`;
  return (id) => `${before}${id}${after}`;
}

function featureJson(row: repo.ItemRow, kind: FacilityKind, self: (id: number) => string): string {
  const properties = {
    ...(row.attrs ?? {}),
    kind,
    code: row.code,
    name: row.name,
    status: row.status,
    address: row.address,
    sub_district_code: row.sub_district_code,
    sub_district_name: row.sub_district_name,
    synthetic: row.synthetic,
    ...(row.area_m2 !== null ? { area_m2: Number(row.area_m2) } : {}),
    updated_at: new Date(row.updated_at).toISOString(),
  };
  return `{"type":"Feature","id":${row.id},"geometry":${row.geometry},"properties":${JSON.stringify(properties)},"links":${self(row.id)}}`;
}

export class FeaturesService {
  constructor(private readonly deps: { db: Kysely<Database>; now: () => Date }) {}

  /** `serviceDesc`: the absolute address of the served OpenAPI document. */
  landing(link: LinkMaker, serviceDesc: string) {
    return {
      title: 'OneMap 长宁区绿容设施要素服务 / Changning facility features',
      description: '各设施图层（公厕、绿地、树木、路段…）的 OGC API – Features 接口 / every facility layer as OGC API – Features',
      links: [
        { href: link(''), rel: 'self', type: 'application/json', title: 'this document' },
        { href: serviceDesc, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'OpenAPI' },
        { href: link('/conformance'), rel: 'conformance', type: 'application/json', title: 'conformance' },
        { href: link('/collections'), rel: 'data', type: 'application/json', title: 'collections' },
      ] satisfies Link[],
    };
  }

  conformance() {
    return { conformsTo: CONFORMANCE_CLASSES };
  }

  async collections(link: LinkMaker) {
    const extents = new Map((await repo.kindExtents(this.deps.db)).map((e) => [e.kind, e]));
    return {
      links: [{ href: link('/collections'), rel: 'self', type: 'application/json', title: 'collections' }] satisfies Link[],
      collections: FACILITY_KINDS.map((kind) => collectionDocument(kind, extents.get(kind), link)),
    };
  }

  async collection(kind: FacilityKind, link: LinkMaker) {
    const extent = (await repo.kindExtents(this.deps.db)).find((e) => e.kind === kind);
    return collectionDocument(kind, extent, link);
  }

  /** One page of items as GeoJSON text, with numberMatched and next/prev links. */
  async items(query: repo.ItemsQuery, params: Record<string, string>, link: LinkMaker): Promise<string> {
    const [rows, matched] = await Promise.all([repo.selectItems(this.deps.db, query), repo.countItems(this.deps.db, query)]);
    const id = collectionIdOf(query.kind);
    const page = (offset: number) => link(`/collections/${id}/items`, { ...params, limit: String(query.limit), offset: String(offset) });
    const links: Link[] = [
      { href: page(query.offset), rel: 'self', type: 'application/geo+json', title: 'this page' },
      { href: link(`/collections/${id}`), rel: 'collection', type: 'application/json', title: 'the collection' },
    ];
    if (query.offset + rows.length < matched)
      links.push({ href: page(query.offset + query.limit), rel: 'next', type: 'application/geo+json', title: 'next page' });
    if (query.offset > 0)
      links.push({
        href: page(Math.max(0, query.offset - query.limit)),
        rel: 'prev',
        type: 'application/geo+json',
        title: 'previous page',
      });
    const self = selfLinks(query.kind, link);
    const features = rows.map((row) => featureJson(row, query.kind, self)).join(',');
    return (
      `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${rows.length},` +
      `"timeStamp":${JSON.stringify(this.deps.now().toISOString())},"links":${JSON.stringify(links)},"features":[${features}]}`
    );
  }

  async item(kind: FacilityKind, id: number, link: LinkMaker): Promise<string> {
    const row = await repo.selectItem(this.deps.db, kind, id);
    if (!row)
      throw new AppError('NOT_FOUND', 'features.error.notFound', `No feature ${id} in ${collectionIdOf(kind)}`, {
        what: `${collectionIdOf(kind)}/${id}`,
      });
    return featureJson(row, kind, selfLinks(kind, link));
  }
}
