/**
 * Hidden dangers at the disposal center (隐患管理): reported with photos and a grade and deadline, dispatched as a
 * work order through the dispatch hub's orders service (linked both ways: the order's description names the
 * hazard, the hazard keeps the order id and shows its progress), rectified with photos, accepted online, and
 * listed in a ledger that exports to CSV and XLSX. A hazard is its reporter's district's (that district's center);
 * a district's people see and act on their own, another district's is not found; the city-wide see every one.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, HazardGrade, HazardPhoto, HazardStatus, HistoryEntry, OrderStatus } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { attachmentInput } from '@/server/orders/attachments';
import { type Clock } from '@/server/clock';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Actor } from '@/server/orders/order-change';
import type { OrdersService } from '@/server/orders/orders.service';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { homeDistrict } from '@/server/tenancy/home-district';
import { CENTER } from './center';
import {
  countHazardCodes,
  type HazardRow,
  hazardRows,
  insertHazard,
  linkHazardOrder,
  moveHazardIf,
  restoreHazard,
} from './hazards.repository';
import { type HazardAction, hazardMove } from './hazard-lifecycle';

/** The work-order category a hazard is dispatched under (设施损坏, handled by the handlers' crews). */
export const HAZARD_ORDER_CATEGORY = 'sanitation.facility_damage';

const photoInput = attachmentInput.transform((a) => ({
  contentHash: a.contentHash,
  mediaType: a.mediaType,
  byteSize: a.byteSize,
  fileName: a.fileName,
}));

export const reportHazardSchema = z.object({
  title: z.string().trim().min(2, '请填写隐患名称 / name the hazard').max(100),
  description: z.string().trim().min(2, '请描述隐患 / describe it').max(2000),
  place: z.string().trim().min(1, '请填写位置 / say where').max(100),
  grade: z.enum(['general', 'major']),
  deadline: z.coerce.date(),
  photos: z.array(photoInput).min(1, '请至少拍一张现场照片 / take at least one photo').max(9),
});
export type ReportHazardInput = z.infer<typeof reportHazardSchema>;

export const hazardCommandSchema = z.object({
  id: z.number().int().positive(),
  action: z.enum(['dispatch', 'submit', 'accept', 'reject']),
  expectedVersion: z.number().int().positive(),
  note: z.string().trim().max(500).nullish(),
  photos: z.array(photoInput).max(9).optional(),
});
export type HazardCommand = z.infer<typeof hazardCommandSchema>;

export interface HazardView {
  id: number;
  code: string;
  title: string;
  description: string;
  place: string;
  grade: HazardGrade;
  deadline: Date;
  overdue: boolean;
  status: HazardStatus;
  photos: HazardPhoto[];
  orderId: number | null;
  orderCode: string | null;
  orderStatus: OrderStatus | null;
  reportedBy: string;
  reportedAt: Date;
  acceptedBy: string | null;
  acceptedAt: Date | null;
  history: HistoryEntry[];
  version: number;
}

export interface HazardSummary {
  open: number;
  major: number;
  overdue: number;
  awaitingAcceptance: number;
  acceptedThisMonth: number;
  recent: HazardView[];
}

function toView(row: HazardRow, now: Date): HazardView {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    place: row.place,
    grade: row.grade,
    deadline: row.deadline,
    overdue: row.status !== 'accepted' && row.deadline.getTime() < now.getTime(),
    status: row.status,
    photos: row.photos,
    orderId: row.order_id,
    orderCode: row.order_code,
    orderStatus: row.order_status,
    reportedBy: row.reported_by,
    reportedAt: row.reported_at,
    acceptedBy: row.accepted_by,
    acceptedAt: row.accepted_at,
    history: row.history,
    version: row.version,
  };
}

export async function hazardSummary(db: Kysely<Database>, now: Date, scope: DistrictScope = CITY_SCOPE): Promise<HazardSummary> {
  const rows = (await hazardRows(db, {}, scope)).map((r) => toView(r, now));
  const month = shanghaiDay(now).slice(0, 7);
  const open = rows.filter((h) => h.status !== 'accepted');
  return {
    open: open.length,
    major: open.filter((h) => h.grade === 'major').length,
    overdue: open.filter((h) => h.overdue).length,
    awaitingAcceptance: open.filter((h) => h.status === 'awaiting_acceptance').length,
    acceptedThisMonth: rows.filter((h) => h.acceptedAt && shanghaiDay(h.acceptedAt).startsWith(month)).length,
    recent: rows.slice(0, 8),
  };
}

export class HazardsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; orders: OrdersService }) {}

  async list(filter: { status?: HazardStatus; limit?: number } = {}, scope: DistrictScope = CITY_SCOPE): Promise<HazardView[]> {
    const now = this.deps.clock.now();
    return (await hazardRows(this.deps.db, filter, scope)).map((r) => toView(r, now));
  }

  async get(id: number, scope: DistrictScope = CITY_SCOPE): Promise<HazardView> {
    const [row] = await hazardRows(this.deps.db, { id }, scope);
    if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No hazard ${id}`, { what: `hazard ${id}` });
    return toView(row, this.deps.clock.now());
  }

  /** A hazard at the reporter's district's center (server/tenancy/home-district.ts). */
  async report(input: ReportHazardInput, actor: Actor, scope: DistrictScope = CITY_SCOPE): Promise<HazardView> {
    const { clock } = this.deps;
    const now = clock.now();
    if (input.deadline.getTime() <= now.getTime())
      throw new AppError('BAD_REQUEST', 'cockpit.error.deadlinePast', 'The deadline must be in the future');
    const districtCode = await homeDistrict(this.deps.db, scope);
    if (districtCode === undefined)
      throw new AppError('BAD_REQUEST', 'cockpit.error.noDistrict', 'A hazard is reported by someone of the district whose center it is');
    const day = shanghaiDay(now).replaceAll('-', '');
    // Numbered per day (YH-yyyymmdd-nnn); two reports at the same moment may pick the same number, and the one
    // the unique code refuses simply takes the next.
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await this.insertReport(input, actor, now, day, districtCode);
        return this.get(id, scope);
      } catch (error) {
        if (attempt >= 4 || (error as { code?: string }).code !== '23505') throw error;
      }
    }
  }

  private async insertReport(input: ReportHazardInput, actor: Actor, now: Date, day: string, districtCode: string | null): Promise<number> {
    const number = (await countHazardCodes(this.deps.db, `YH-${day}-`)) + 1;
    return insertHazard(this.deps.db, {
      code: `YH-${day}-${String(number).padStart(3, '0')}`,
      title: input.title,
      description: input.description,
      place: input.place,
      grade: input.grade,
      deadline: input.deadline,
      photos: input.photos,
      reportedBy: actor.name,
      at: now,
      districtCode,
    });
  }

  /** One step of the lifecycle, version-checked; dispatching creates and links the work order. */
  async act(command: HazardCommand, actor: Actor, scope: DistrictScope = CITY_SCOPE): Promise<HazardView> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const current = await this.get(command.id, scope);
    if (current.version !== command.expectedVersion)
      throw new AppError('CONFLICT', 'cockpit.error.changedMeanwhile', `Hazard ${current.code} changed meanwhile`);
    const to = hazardMove(current.status, command.action as HazardAction);
    if (!to)
      throw new AppError('CONFLICT', 'cockpit.error.notNow', `Cannot ${command.action} a hazard that is ${current.status}`, {
        action: command.action,
        status: current.status,
      });
    if (command.action === 'submit' && !command.photos?.length)
      throw new AppError('BAD_REQUEST', 'cockpit.error.photoRequired', 'Show the rectified state with a photo');
    if (command.action === 'reject' && !command.note)
      throw new AppError('BAD_REQUEST', 'cockpit.error.noteRequired', 'Say why the acceptance failed');

    const history: HistoryEntry[] = [
      ...current.history,
      { at: now.toISOString(), by: actor.name, action: command.action, note: command.note ?? null },
    ];
    const photos = command.action === 'submit' ? [...current.photos, ...command.photos!] : current.photos;
    // Claim the move first (version-checked), so two clicks on 派单 never make two orders.
    const claimed = await moveHazardIf(db, current.id, current.version, {
      status: to,
      history,
      photos,
      at: now,
      accepted: command.action === 'accept' ? { by: actor.name, at: now } : undefined,
    });
    if (!claimed) throw new AppError('CONFLICT', 'cockpit.error.changedMeanwhile', `Hazard ${current.code} changed meanwhile`);

    if (command.action === 'dispatch') {
      try {
        const { order } = await this.deps.orders.create(
          {
            source: 'patrol',
            categoryCode: HAZARD_ORDER_CATEGORY,
            priority: current.grade === 'major' ? 1 : 3,
            description: `【处置中心隐患 ${current.code}】${current.title}：${current.description}（位置：${current.place}；整改期限 ${shanghaiDay(current.deadline)}）`,
            address: `${CENTER.name}·${current.place}`,
            location: CENTER.location,
            attachments: current.photos.map((p) => ({ ...p, purpose: 'report' as const })),
            decisions: { hazard: { code: current.code, grade: current.grade } },
          },
          actor,
        );
        await linkHazardOrder(db, current.id, order.id, current.version + 2);
      } catch (error) {
        // No order, no dispatch: put the hazard back as it was.
        await restoreHazard(db, current.id, { status: current.status, history: current.history, version: current.version + 2, at: now });
        throw error;
      }
    }
    return this.get(current.id, scope);
  }
}
