/**
 * Open311 GeoReport v2 over the dispatch hub: the categories as services, filing a request (api_key required; it
 * goes through the same intake as every order), and following requests — our richer states mapped to
 * open/closed, with the state and the latest note in status_notes. Requests are identified by the order code.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OrderStatus } from '@/db/schema';
import { ordersCatalog } from '@/domain/i18n/catalog/orders';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import type { OrdersService } from '@/server/orders/orders.service';
import type { OrderIntake } from '@/server/dispatch/intake';
import type { Open311Value } from './open311-format';
import { findActiveClientByKeyHash, insertClient, listOpen311Requests, type Open311RequestRow } from './open311.repository';

export const AGENCY = '长宁区绿化和市容管理局 (Changning Greening & City Appearance Bureau)';
const CLOSED: readonly OrderStatus[] = ['closed', 'voided'];
const DEFAULT_WINDOW_DAYS = 90;
const MAX_REQUESTS = 1000;
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** ISO 8601 in Shanghai time, as Open311 clients show it. */
function shanghaiIso(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function parseDate(value: string | null, name: string): Date | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new Open311Error(400, `${name} must be a W3C date-time`);
  return at;
}

export class Open311Service {
  constructor(private readonly deps: { db: Kysely<Database>; orders: OrdersService; intake: OrderIntake }) {}

  /** Registers a client and returns its new key, shown once. */
  async registerClient(name: string): Promise<string> {
    const key = randomBytes(24).toString('base64url');
    await insertClient(this.deps.db, name, sha256(key));
    return key;
  }

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

  /** POST requests: form fields as the specification names them. */
  async submit(form: URLSearchParams): Promise<Open311Value> {
    const apiKey = form.get('api_key');
    const client = apiKey ? await findActiveClientByKeyHash(this.deps.db, sha256(apiKey)) : undefined;
    if (!client) throw new Open311Error(403, 'api_key missing or not valid');
    const serviceCode = form.get('service_code');
    if (!serviceCode) throw new Open311Error(400, 'service_code required');
    const category = (await this.deps.orders.categories()).find((c) => c.code === serviceCode);
    if (!category) throw new Open311Error(400, `service_code ${serviceCode} not found`);
    const lat = form.get('lat');
    const lng = form.get('long');
    const address = form.get('address_string')?.trim() || null;
    const hasPoint = lat !== null && lng !== null && lat !== '' && lng !== '';
    if (!hasPoint && !address) throw new Open311Error(400, 'lat and long, or address_string, required');
    const location = hasPoint ? ([Number(lng), Number(lat)] as const) : null;
    if (
      location &&
      (!Number.isFinite(location[0]) || !Number.isFinite(location[1]) || Math.abs(location[0]) > 180 || Math.abs(location[1]) > 90)
    ) {
      throw new Open311Error(400, 'lat and long must be WGS84 degrees');
    }
    const description = (form.get('description')?.trim() || category.nameZh).slice(0, 2000);
    const name = [form.get('first_name'), form.get('last_name')].filter(Boolean).join(' ').trim();
    const result = await this.deps.intake.receive(
      {
        source: 'open311',
        categoryCode: serviceCode,
        description,
        address,
        location,
        reporterName: name || null,
        reporterPhone: form.get('phone')?.slice(0, 32) || null,
        decisions: {
          open311: {
            client: client.name,
            email: form.get('email'),
            mediaUrl: form.get('media_url'),
            deviceId: form.get('device_id'),
            accountId: form.get('account_id'),
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

  /** GET requests, with the specification's filters; by default the last 90 days, at most 1000. */
  async requests(query: URLSearchParams, now: Date): Promise<Open311Value> {
    const status = query.get('status');
    if (status && status !== 'open' && status !== 'closed') throw new Open311Error(400, 'status must be open or closed');
    const to = parseDate(query.get('end_date'), 'end_date') ?? now;
    const from = parseDate(query.get('start_date'), 'start_date') ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    const codes = query
      .get('service_request_id')
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const rows = await listOpen311Requests(this.deps.db, {
      codes,
      serviceCode: query.get('service_code') ?? undefined,
      from,
      to,
      statuses: status === 'closed' ? [...CLOSED] : status === 'open' ? [...OPEN_STATUSES] : undefined,
      limit: MAX_REQUESTS,
    });
    return rows.map(toRequest);
  }

  async request(code: string, now: Date): Promise<Open311Value> {
    const rows = await listOpen311Requests(this.deps.db, { codes: [code], from: new Date(0), to: now, limit: 1 });
    if (!rows.length) throw new Open311Error(404, `service_request_id ${code} not found`);
    return rows.map(toRequest);
  }
}

function toRequest(r: Open311RequestRow): Open311Value {
  const state = `${zh[`orders.status.${r.status}`]} / ${en[`orders.status.${r.status}`]}`;
  return {
    service_request_id: r.code,
    status: CLOSED.includes(r.status) ? 'closed' : 'open',
    status_notes: r.last_note ? `${state}：${r.last_note}` : state,
    service_name: r.category_name,
    service_code: r.category_code,
    description: r.description,
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
    media_url: null,
  };
}
