/**
 * Open311 GeoReport v2 over the dispatch hub: the categories as services, filing a request (an api_key from the one
 * registry of outside clients; it goes through the same intake as every order), and following requests — every
 * public order (domain/open311/public-requests.ts), our richer states mapped to open/closed, with the state and the
 * note on how it ended in status_notes. Requests are identified by the order code. Each rule below quotes the
 * specification sentence it follows (http://wiki.open311.org/GeoReport_v2).
 */
import type { Kysely } from 'kysely';
import type { Database, OrderStatus } from '@/db/schema';
import { ordersCatalog } from '@/domain/i18n/catalog/orders';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import type { OrdersService } from '@/server/orders/orders.service';
import type { OrderIntake } from '@/server/dispatch/intake';
import { publicDescription } from '@/domain/open311/public-requests';
import { parseW3cDate } from '@/domain/open311/w3c-date';
import { OPEN311_WRITE_SCOPE } from '@/server/clients/client-scopes';
import type { OutsideClientsService } from '@/server/clients/outside-clients.service';
import type { Open311Value } from './open311-format';
import { addressById, insideDistrict, isPublicMedia, listPublicRequests, type Open311RequestRow } from './open311.repository';

export const AGENCY = '长宁区绿化和市容管理局 (Changning Greening & City Appearance Bureau)';
const CLOSED: readonly OrderStatus[] = ['closed', 'voided'];
/** "may not span more than 90 days" (start_date / end_date); also the default window. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_REQUESTS = 1000;
/** "Otherwise, this is free form text limited to 4,000 characters." (description) */
const MAX_DESCRIPTION = 4000;

/** A photo sent with a request (FixMyStreet's multipart upload), already checked and stored. */
export interface Open311Media {
  contentHash: string;
  mediaType: string;
  byteSize: number;
  fileName: string | null;
}
const zh = ordersCatalog.zh as Record<string, string>;
const en = ordersCatalog.en as Record<string, string>;

/** A refusal as the specification wants it: an HTTP status and a description. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

/** ISO 8601 in Shanghai time, as Open311 clients show it. */
function shanghaiIso(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function parseDate(value: string | null, name: string): Date | undefined {
  if (!value) return undefined;
  const at = parseW3cDate(value);
  if (!at) throw new Open311Error(400, `${name} must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z`);
  return at;
}

/** Comma-delimited values ("Options: open, closed … Multiple values may be comma delimited"). */
function listOf(value: string | null): string[] | undefined {
  const items = value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

export class Open311Service {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      orders: OrdersService;
      intake: OrderIntake;
      clients: Pick<OutsideClientsService, 'verify'>;
    },
  ) {}

  discovery(baseUrl: string): Open311Value {
    return {
      changeset: '2026-11-22T00:00:00+08:00',
      contact: AGENCY,
      key_service: 'Ask the bureau’s system administrator for an api_key.',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl}/open311/v2`,
          changeset: '2026-11-22T00:00:00+08:00',
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    };
  }

  async services(): Promise<Open311Value> {
    return (await this.deps.orders.categories()).map((c) => ({
      service_code: c.code,
      service_name: `${c.nameZh} / ${c.nameEn}`,
      description: `${c.groupNameZh}：${c.nameZh} (${c.groupNameEn}: ${c.nameEn})`,
      metadata: false,
      type: 'realtime',
      keywords: [c.groupNameZh, c.nameZh, c.nameEn].join(','),
      group: c.groupNameZh,
    }));
  }

  async definition(code: string): Promise<Open311Value> {
    const category = (await this.deps.orders.categories()).find((c) => c.code === code);
    if (!category) throw new Open311Error(404, `service_code ${code} not found`);
    return { service_code: code, attributes: [] };
  }

  /** POST requests: form fields as the specification names them; `media` is a photo uploaded with them. */
  async submit(form: URLSearchParams, media: Open311Media | null): Promise<Open311Value> {
    const apiKey = form.get('api_key') ?? undefined;
    const client = await this.deps.clients.verify(apiKey, 'open311', OPEN311_WRITE_SCOPE);
    if (!client) throw new Open311Error(403, 'api_key missing or not valid');
    const serviceCode = form.get('service_code');
    if (!serviceCode) throw new Open311Error(400, 'service_code required');
    const category = (await this.deps.orders.categories()).find((c) => c.code === serviceCode);
    // "404 - service_code or service_request_id not found"
    if (!category) throw new Open311Error(404, `service_code ${serviceCode} not found`);

    // "Location: lat & long, address_string, or address_id" — any one of them.
    const place = await this.placeOf(form);
    const described = form.get('description')?.trim() ?? '';
    if (described.length > MAX_DESCRIPTION)
      throw new Open311Error(400, `description is ${described.length} characters; at most ${MAX_DESCRIPTION}`);
    const mediaUrl = form.get('media_url')?.trim() || null;
    if (mediaUrl && (mediaUrl.length > 2000 || !/^https?:\/\/\S+$/i.test(mediaUrl)))
      throw new Open311Error(400, 'media_url must be an http(s) URL');
    const name = [form.get('first_name'), form.get('last_name')].filter(Boolean).join(' ').trim();
    const result = await this.deps.intake.receive(
      {
        source: 'open311',
        categoryCode: serviceCode,
        description: described || category.nameZh,
        address: place.address,
        location: place.location,
        reporterName: name.slice(0, 64) || null,
        reporterPhone: form.get('phone')?.slice(0, 32) || null,
        attachments: media ? [{ ...media, fileName: media.fileName ?? undefined, purpose: 'report' as const }] : undefined,
        decisions: {
          open311: {
            client: client.name,
            email: form.get('email'),
            mediaUrl,
            deviceId: form.get('device_id'),
            accountId: form.get('account_id'),
            addressId: form.get('address_id'),
          },
        },
      },
      { userId: null, name: `Open311: ${client.name}`, role: 'system', unitId: null },
    );
    return [
      {
        service_request_id: result.order.code,
        service_notice: `已受理，工单编号 ${result.order.code} / Received as ${result.order.code}`,
        account_id: null,
      },
    ];
  }

  /** Where the request is: a point (which must lie in the district), an address from the gazetteer, or words. */
  private async placeOf(form: URLSearchParams): Promise<{ location: readonly [number, number] | null; address: string | null }> {
    const lat = form.get('lat')?.trim();
    const lng = form.get('long')?.trim();
    const addressString = form.get('address_string')?.trim() || null;
    const addressId = form.get('address_id')?.trim();
    let location: readonly [number, number] | null = null;
    let address = addressString;
    if (lat && lng) {
      location = [Number(lng), Number(lat)];
      if (!Number.isFinite(location[0]) || !Number.isFinite(location[1]) || Math.abs(location[0]) > 180 || Math.abs(location[1]) > 90)
        throw new Open311Error(400, 'lat and long must be WGS84 degrees');
    } else if (addressId) {
      const found = /^\d{1,9}$/.test(addressId) ? await addressById(this.deps.db, Number(addressId)) : undefined;
      if (!found || found.lng === null || found.lat === null) throw new Open311Error(400, `address_id ${addressId} not found`);
      location = [found.lng, found.lat];
      address ??= found.address;
    } else if (!addressString) {
      throw new Open311Error(400, 'lat and long, address_string or address_id required');
    }
    // This jurisdiction is one district: a point elsewhere belongs to another city's Open311 endpoint.
    if (location && !(await insideDistrict(this.deps.db, location[0], location[1])))
      throw new Open311Error(400, `lat/long (${location[1]}, ${location[0]}) is outside this jurisdiction (长宁区, Changning District)`);
    return { location, address };
  }

  /**
   * GET requests, with the specification's filters; by default the last 90 days, at most 1000.
   * "service_request_id … This overrides all other arguments."
   */
  async requests(query: URLSearchParams, now: Date): Promise<Open311Value> {
    const codes = listOf(query.get('service_request_id'));
    if (codes) return (await listPublicRequests(this.deps.db, { codes, from: new Date(0), to: now, limit: MAX_REQUESTS })).map(toRequest);
    const statuses = listOf(query.get('status'));
    if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
      throw new Open311Error(400, 'status must be open, closed or both (comma delimited)');
    const wanted = new Set(statuses ?? ['open', 'closed']);
    const end = parseDate(query.get('end_date'), 'end_date');
    const start = parseDate(query.get('start_date'), 'start_date');
    const to = end ?? (start ? new Date(Math.min(start.getTime() + DEFAULT_WINDOW_DAYS * 86_400_000, now.getTime())) : now);
    const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    if (to.getTime() - from.getTime() > DEFAULT_WINDOW_DAYS * 86_400_000)
      throw new Open311Error(400, `start_date and end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`);
    const rows = await listPublicRequests(this.deps.db, {
      serviceCodes: listOf(query.get('service_code')),
      from,
      to,
      statuses: wanted.size === 2 ? undefined : wanted.has('closed') ? [...CLOSED] : [...OPEN_STATUSES],
      limit: MAX_REQUESTS,
    });
    return rows.map(toRequest);
  }

  /** Whether an image is the report photo of a request filed here (only those are served without sign-in). */
  isPublicMedia(contentHash: string): Promise<boolean> {
    return isPublicMedia(this.deps.db, contentHash);
  }

  async request(code: string, now: Date): Promise<Open311Value> {
    const rows = await listPublicRequests(this.deps.db, { codes: [code], from: new Date(0), to: now, limit: 1 });
    if (!rows.length) throw new Open311Error(404, `service_request_id ${code} not found`);
    return rows.map(toRequest);
  }
}

/** Where a request's report photo is served to anonymous clients (see open311.route.ts). */
export const OPEN311_MEDIA_PATH = '/open311/v2/media';

function toRequest(r: Open311RequestRow): Open311Value {
  const state = `${zh[`orders.status.${r.status}`]} / ${en[`orders.status.${r.status}`]}`;
  return {
    service_request_id: r.code,
    status: CLOSED.includes(r.status) ? 'closed' : 'open',
    status_notes: r.last_note ? `${state}：${r.last_note}` : state,
    service_name: r.category_name,
    service_code: r.category_code,
    description: publicDescription(r.source, r.description),
    agency_responsible: AGENCY,
    service_notice: null,
    requested_datetime: shanghaiIso(r.received_at),
    updated_datetime: shanghaiIso(r.updated_at),
    expected_datetime: shanghaiIso(r.resolve_by),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    // "media_url: A URL to media associated with the request, for example an image." A path on this server when the
    // photo was uploaded here (the route makes it absolute), else the URL the client gave.
    media_url: r.media_hash ? `${OPEN311_MEDIA_PATH}/${r.media_hash}` : r.media_url,
  };
}
