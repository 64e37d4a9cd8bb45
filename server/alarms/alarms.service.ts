/**
 * The alarm pipeline: readings and faults come in (HTTP ingest, simulator), are judged against the active
 * thresholds, merged into the open alarm of their object and type, reopened when they flap, cleared when the
 * reading recovers — and each change is pushed live after commit. People acknowledge, turn an alarm into a work
 * order (or join the open order about the same place: one problem, one incident), clear by hand with a reason and
 * close. Every step is in the alarm ledger.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { translate } from '@/domain/i18n/messages';
import type { AlarmEventKind, AlarmRow, AlarmStatus, Database } from '@/db/schema';
import type { OrderIntake } from '@/server/dispatch/intake';
import { AppError } from '@/domain/errors';
import { type Clock } from '@/server/clock';
import { shanghaiTime } from '@/domain/shanghai-time';
import type { Actor } from '@/server/orders/order-change';
import type { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { type AlarmRules, judgeReading } from '@/domain/alarms/alarm-rules';
import { type AlarmLevel, alarmTypeDef, isFacilityObject } from '@/domain/alarms/alarm-types';
import { type AlarmNotice, type AlarmView, alarmViewSchema, type PublishAlarmNotice } from '@/domain/alarms/alarm-view';
import { toAlarmView } from './alarm-views';
import { alarmStatusAsOf } from '@/domain/replay/as-of';

/** The longest period the alarm history searches at once. */
export const HISTORY_MAX_DAYS = 92;
import {
  alarmKey,
  alarmViewRows,
  alarmViewRowsForOrder,
  alarmViewRowsSince,
  appendAlarmEvent,
  appendAlarmEvents,
  clearRecovered,
  facilitiesByCode,
  facilityAddress,
  findAlarm,
  listAlarmEvents,
  maxAlarmSeq,
  nearbyOpenOrder,
  OPEN_STATUSES,
  openAlarmViewRows,
  orderSource,
  recentlyRecoveredKeys,
  reopenRecovered,
  unlinkedAlarmsNearOrder,
  type AlarmViewRow,
  type FaultGroup,
  type FaultRow,
  type UpsertedAlarm,
  updateAlarmIf,
  upsertFaults,
  alarmStepsUpTo,
  alarmTrendRows,
  alarmViewRowsAround,
  type AlarmHistoryFilter,
  searchAlarmViewRows,
} from './alarms.repository';

export interface AlarmReading {
  objectKind: string;
  objectCode: string;
  type: string;
  /** A fault or its recovery; threshold types may send `value` instead and are judged by the rules. */
  state?: 'fault' | 'ok';
  value?: number | null;
  /** A level the source decided; otherwise the rules' (threshold types) or the type's default. */
  level?: AlarmLevel;
  at: Date;
  /** Where a non-facility object is (disposal-center devices); facilities use their own point. */
  location?: readonly [number, number] | null;
}

/** One alarm with its ledger, oldest entry first; times are epoch ms like the view's. */
export const alarmDetailSchema = z.object({
  alarm: alarmViewSchema,
  events: z.array(
    z.object({
      id: z.number(),
      at: z.number(),
      kind: z.enum(['raised', 'reopened', 'acknowledged', 'linked', 'cleared', 'closed', 'escalated']) satisfies z.ZodType<AlarmEventKind>,
      actor: z.string(),
      note: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type AlarmDetail = z.infer<typeof alarmDetailSchema>;

export interface IngestResult {
  raised: number;
  merged: number;
  reopened: number;
  cleared: number;
  unchanged: number;
}

/** Ledger notes and order texts are written in Chinese, the bureau's working language. */
const zh = (key: string, params?: Record<string, string | number>) => translate('zh', key, params);

export class AlarmsService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      publish: PublishAlarmNotice;
      rules: VersionedRulesService<AlarmRules>;
      intake: OrderIntake;
    },
  ) {}

  /**
   * Checks the whole batch (types, object kinds, known facilities, readings) before writing anything, then
   * applies it in one transaction, in a fixed key order so concurrent batches never deadlock.
   */
  async ingest(readings: readonly AlarmReading[], source: string): Promise<IngestResult> {
    const { db } = this.deps;
    // The thresholds are cached by the rules service (dropped when a version is approved).
    const [facilities, { rules }] = await Promise.all([
      facilitiesByCode(
        db,
        readings.filter((r) => isFacilityObject(r.objectKind)).map((r) => r.objectCode),
      ),
      this.deps.rules.active(),
    ]);
    readings.forEach((r, index) => {
      const def = alarmTypeDef(r.type);
      if (!def)
        throw new AppError('BAD_REQUEST', 'alarms.error.unknownType', `Item ${index}: unknown alarm type ${r.type}`, {
          index,
          type: r.type,
        });
      if (!def.objectKinds.includes(r.objectKind)) {
        throw new AppError('BAD_REQUEST', 'alarms.error.wrongObject', `Item ${index}: ${r.type} does not apply to ${r.objectKind}`, {
          index,
          type: r.type,
          kind: r.objectKind,
        });
      }
      if (isFacilityObject(r.objectKind) && facilities.get(r.objectCode)?.kind !== r.objectKind) {
        throw new AppError('NOT_FOUND', 'alarms.error.unknownObject', `Item ${index}: no ${r.objectKind} ${r.objectCode}`, {
          index,
          code: r.objectCode,
        });
      }
      if (def.threshold && r.state === undefined && (r.value === undefined || r.value === null)) {
        throw new AppError('BAD_REQUEST', 'alarms.error.needsValue', `Item ${index}: ${r.type} needs a value`, { index, type: r.type });
      }
    });

    const ordered = readings
      .map((r, i) => ({ r, i, key: alarmKey(r) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
    const result: IngestResult = { raised: 0, merged: 0, reopened: 0, cleared: 0, unchanged: 0 };
    const changed = new Map<number, boolean>();
    // Views built from the upsert's own rows, so the push needs no second read (others are read after commit).
    const views = new Map<number, AlarmViewRow>();
    const actorName = zh('alarms.actor.device', { code: source });

    await withRetryOnDuplicate(() =>
      db.transaction().execute(async (tx) => {
        Object.assign(result, { raised: 0, merged: 0, reopened: 0, cleared: 0, unchanged: 0 });
        changed.clear();
        views.clear();
        const flapSince = new Date(this.deps.clock.now().getTime() - rules.flapWindowMinutes * 60_000);
        const events: Parameters<typeof appendAlarmEvents>[1][number][] = [];
        const judged = ordered.map((o) => ({ ...o, ...this.judge(o.r, rules) }));
        const faultOf = (r: AlarmReading, level: number, threshold: number | null): FaultRow => {
          const facility = isFacilityObject(r.objectKind) ? facilities.get(r.objectCode) : undefined;
          return {
            type: r.type,
            level,
            objectKind: r.objectKind,
            objectCode: r.objectCode,
            facilityId: facility?.id ?? null,
            location: facility ? ([facility.lng, facility.lat] as const) : (r.location ?? null),
            value: r.value ?? null,
            threshold,
            at: r.at,
          };
        };
        // The 'raised' ledger rows are written by the upsert statement itself.
        const recordUpserted = (row: UpsertedAlarm, n: number) => {
          const view = this.viewOf(row, facilities);
          if (view) views.set(row.id, view);
          else views.delete(row.id);
          if (row.inserted) {
            result.raised++;
            result.merged += n - 1;
            // A new critical alarm rings on the wall; repeats and flapping do not ring again.
            changed.set(row.id, (changed.get(row.id) ?? false) || row.level === 1);
          } else {
            result.merged += n;
            changed.set(row.id, changed.get(row.id) ?? false);
          }
        };

        // Keys with only faults (the usual burst) are merged in memory and written in one statement; a key that
        // also recovers in this batch, or may reopen (flapping), is applied reading by reading, in order.
        const groups = new Map<string, typeof judged>();
        for (const j of judged) groups.set(j.key, [...(groups.get(j.key) ?? []), j]);
        const batched: FaultGroup[] = [];
        let sequential: typeof judged = [];
        for (const [, items] of groups) {
          if (items.some((i) => i.state !== 'fault')) {
            sequential.push(...items);
            continue;
          }
          const last = items[items.length - 1];
          batched.push({
            ...faultOf(last.r, Math.min(...items.map((i) => i.level)), last.threshold),
            at: new Date(Math.max(...items.map((i) => i.r.at.getTime()))),
            firstAt: new Date(Math.min(...items.map((i) => i.r.at.getTime()))),
            count: items.length,
            eventAt: items[0].r.at,
          });
        }
        // Keys of the sequential part that recovered by themselves lately may reopen; the batched keys are checked
        // by the upsert itself, which leaves such keys alone and names them.
        const recovered =
          sequential.length > 0
            ? await recentlyRecoveredKeys(
                tx,
                sequential.map((o) => o.r),
                flapSince,
              )
            : new Set<string>();
        const upserted = await upsertFaults(tx, batched, { actorName, skipRecoveredSince: flapSince });
        for (const row of upserted.rows)
          recordUpserted(row, groups.get(alarmKey({ objectKind: row.object_kind, objectCode: row.object_code, type: row.type }))!.length);
        if (upserted.recovered.length > 0) {
          for (const key of upserted.recovered) {
            recovered.add(key);
            sequential.push(...groups.get(key)!);
          }
          sequential = [...sequential].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.i - y.i));
        }

        for (const { r, key, state, level, threshold } of sequential) {
          if (state === 'ok') {
            const row = await clearRecovered(tx, r, r.at, r.value ?? null);
            if (!row) {
              result.unchanged++;
              continue;
            }
            result.cleared++;
            recovered.add(key);
            views.delete(row.id);
            changed.set(row.id, changed.get(row.id) ?? false);
            events.push({
              alarmId: row.id,
              at: r.at,
              kind: 'cleared',
              actorUserId: null,
              actorName,
              note: zh('alarms.clear.recovered'),
              detail: { value: r.value ?? null, threshold },
            });
            continue;
          }
          if (state !== 'fault') {
            result.unchanged++;
            continue;
          }
          const fault = faultOf(r, level, threshold);
          const reopened = recovered.has(key) ? await reopenRecovered(tx, fault, flapSince) : undefined;
          if (reopened) {
            result.reopened++;
            views.delete(reopened.id);
            changed.set(reopened.id, changed.get(reopened.id) ?? false);
            events.push({
              alarmId: reopened.id,
              at: r.at,
              kind: 'reopened',
              actorUserId: null,
              actorName,
              detail: { flaps: reopened.flaps, value: r.value ?? null },
            });
            continue;
          }
          const {
            rows: [row],
          } = await upsertFaults(tx, [{ ...fault, firstAt: r.at, count: 1 }], { actorName, skipRecoveredSince: null });
          recordUpserted(row, 1);
        }
        await appendAlarmEvents(tx, events);
      }),
    );
    await this.publishIds(changed, views);
    return result;
  }

  /**
   * The view of an upserted alarm from its own row, or undefined when it needs a read (it has an order, or its
   * object is not a mapped facility: equipment is named from the archive by the view's query).
   */
  private viewOf(row: UpsertedAlarm, facilities: Awaited<ReturnType<typeof facilitiesByCode>>): AlarmViewRow | undefined {
    if (row.order_id !== null || row.facility_id === null) return undefined;
    const facility = facilities.get(row.object_code);
    if (!facility || facility.id !== row.facility_id) return undefined;
    const { inserted: _inserted, ...alarm } = row;
    return { ...alarm, object_name: facility.name, order_code: null, order_status: null, order_source: null } as AlarmViewRow;
  }

  /** A reading's verdict: a fault or recovery as sent, or a value judged against the thresholds. */
  private judge(r: AlarmReading, rules: AlarmRules): { state: 'fault' | 'ok' | 'hold'; level: number; threshold: number | null } {
    const level = r.level ?? alarmTypeDef(r.type)!.level;
    if (r.state !== undefined || r.value === undefined || r.value === null) return { state: r.state ?? 'fault', level, threshold: null };
    const verdict = judgeReading(rules, r.type, r.value);
    if (verdict.state === 'fault') return { state: 'fault', level: r.level ?? verdict.level, threshold: verdict.threshold };
    if (verdict.state === 'ok') return { state: 'ok', level, threshold: verdict.threshold };
    return { state: 'hold', level, threshold: null };
  }

  /** The open alarms, most urgent first, and the sequence number they are current to. */
  async open(limit = 500, scope: DistrictScope = CITY_SCOPE): Promise<{ seq: number; alarms: AlarmView[] }> {
    const seq = await maxAlarmSeq(this.deps.db);
    return { seq, alarms: (await openAlarmViewRows(this.deps.db, limit, scope)).map(toAlarmView) };
  }

  /**
   * The alarms open (active or acknowledged) at a past moment, each with its status then, for the wall's replay.
   * What happened after the moment (acknowledgement, clearing, closing) is not known yet at it.
   */
  async openAt(at: Date, limit = 500): Promise<AlarmView[]> {
    const rows = await alarmViewRowsAround(this.deps.db, at, limit);
    const steps = await alarmStepsUpTo(
      this.deps.db,
      rows.map((r) => r.id),
      at,
    );
    const ledgers = new Map<number, Array<{ at: number; seq: number; kind: AlarmEventKind }>>();
    for (const s of steps) {
      const ledger = ledgers.get(s.alarm_id) ?? [];
      ledger.push({ at: new Date(s.at).getTime(), seq: Number(s.id), kind: s.kind });
      ledgers.set(s.alarm_id, ledger);
    }
    const t = at.getTime();
    return rows.flatMap((row) => {
      const status = alarmStatusAsOf(ledgers.get(row.id) ?? [], t);
      if (status !== 'active' && status !== 'acknowledged') return [];
      const view = toAlarmView(row);
      const acknowledged = status === 'acknowledged';
      return [
        {
          ...view,
          status,
          lastSeenAt: Math.min(view.lastSeenAt, t),
          acknowledgedBy: acknowledged ? view.acknowledgedBy : null,
          acknowledgedAt: acknowledged ? view.acknowledgedAt : null,
          clearedAt: null,
          clearKind: null,
          clearReason: null,
          closedAt: null,
        },
      ];
    });
  }

  /** The alarm history: the alarms first seen in a period matching a search, newest first, and their trend by day and type. */
  async history(
    filter: AlarmHistoryFilter,
    limit = 300,
  ): Promise<{ alarms: AlarmView[]; trend: Array<{ day: string; type: string; count: number }> }> {
    if (!(filter.to.getTime() > filter.from.getTime()))
      throw new AppError('BAD_REQUEST', 'error.positions.periodOrder', 'the period must end after it starts');
    if (filter.to.getTime() - filter.from.getTime() > HISTORY_MAX_DAYS * 86_400_000)
      throw new AppError('BAD_REQUEST', 'error.alarmHistory.periodTooLong', `at most ${HISTORY_MAX_DAYS} days`, { days: HISTORY_MAX_DAYS });
    const [rows, trend] = await Promise.all([searchAlarmViewRows(this.deps.db, filter, limit), alarmTrendRows(this.deps.db, filter)]);
    return { alarms: rows.map(toAlarmView), trend };
  }

  /** Every alarm that changed after `seq`: what a screen that reconnects missed. */
  async since(seq: number, limit = 2000, scope: DistrictScope = CITY_SCOPE): Promise<AlarmView[]> {
    return (await alarmViewRowsSince(this.deps.db, seq, limit, scope)).map(toAlarmView);
  }

  /** An alarm with its events; another district's is not found (domain/tenancy/district-scope.ts). */
  async detail(id: number, scope: DistrictScope = CITY_SCOPE): Promise<AlarmDetail> {
    const [row] = await alarmViewRows(this.deps.db, [id], scope);
    if (!row) throw notFound(id);
    const events = await listAlarmEvents(this.deps.db, id);
    return {
      alarm: toAlarmView(row),
      events: events.map((e) => ({
        id: Number(e.id),
        at: e.at.getTime(),
        kind: e.kind,
        actor: e.actor_name,
        note: e.note,
        detail: e.detail,
      })),
    };
  }

  forOrder(orderId: number): Promise<AlarmView[]> {
    return alarmViewRowsForOrder(this.deps.db, orderId).then((rows) => rows.map(toAlarmView));
  }

  async acknowledge(id: number, actor: Actor, expectedVersion?: number): Promise<AlarmView> {
    const at = this.deps.clock.now();
    return this.change(id, ['active'], expectedVersion, 'ack', 'acknowledged', actor, null, {
      status: 'acknowledged',
      acknowledged_by: actor.userId,
      acknowledged_by_name: actor.name,
      acknowledged_at: at,
    });
  }

  async clear(id: number, reason: string, actor: Actor, expectedVersion?: number): Promise<AlarmView> {
    return this.change(id, OPEN_STATUSES, expectedVersion, 'clear', 'cleared', actor, reason, {
      status: 'cleared',
      cleared_at: this.deps.clock.now(),
      clear_kind: 'manual',
      clear_reason: reason,
    });
  }

  async close(id: number, actor: Actor, note: string | null, expectedVersion?: number): Promise<AlarmView> {
    return this.change(id, ['cleared'], expectedVersion, 'close', 'closed', actor, note, {
      status: 'closed',
      closed_at: this.deps.clock.now(),
    });
  }

  /**
   * 转工单: an acknowledged alarm becomes a work order through the intake (source 'sensor', the type's category,
   * the object's place) — unless an open order about the same place already exists within the incident window,
   * which it then joins, so the same problem is never dispatched twice.
   */
  async toOrder(id: number, actor: Actor): Promise<AlarmView> {
    const { db, clock } = this.deps;
    const alarm = await findAlarm(db, id);
    if (!alarm) throw notFound(id);
    if (alarm.order_id !== null) {
      const [view] = await alarmViewRows(db, [id]);
      throw new AppError('CONFLICT', 'alarms.error.alreadyLinked', `Alarm ${id} is already linked to an order`, {
        code: view?.order_code ?? String(alarm.order_id),
      });
    }
    if (alarm.status !== 'acknowledged') throw refused(alarm.status, 'toOrder');
    const { rules } = await this.deps.rules.active();
    const near = await nearbyOpenOrder(
      db,
      id,
      rules.incidentRadiusMeters,
      new Date(clock.now().getTime() - rules.incidentWindowHours * 3_600_000),
    );
    let order: { id: number; code: string; link: 'created' | 'joined' };
    if (near) {
      order = { ...near, link: 'joined' };
    } else {
      const [view] = await alarmViewRows(db, [id]);
      const address = alarm.facility_id ? await facilityAddress(db, alarm.facility_id) : null;
      const created = await this.deps.intake.receive(
        {
          source: 'sensor',
          externalRef: `ALM-${id}`,
          categoryCode: alarmTypeDef(alarm.type)?.category ?? null,
          description: zh('alarms.order.description', {
            type: zh(`alarms.type.${alarm.type}`),
            object: view?.object_name ?? alarm.object_code,
            count: alarm.count,
            first: shanghaiTime(alarm.first_seen_at),
          }),
          address,
          location: view?.lng != null && view.lat != null ? [Number(view.lng), Number(view.lat)] : null,
        },
        actor,
      );
      order = { id: created.order.id, code: created.order.code, link: 'created' };
    }
    const updated = await db.transaction().execute(async (tx) => {
      const row = await updateAlarmIf(
        tx,
        id,
        ['acknowledged'],
        undefined,
        { order_id: order.id, order_link: order.link },
        { onlyUnlinked: true },
      );
      if (row)
        await appendAlarmEvent(tx, {
          alarmId: id,
          at: clock.now(),
          kind: 'linked',
          actorUserId: actor.userId,
          actorName: actor.name,
          detail: { orderId: order.id, code: order.code, link: order.link },
        });
      return row;
    });
    if (!updated) throw await this.whyRefused(id, undefined, 'toOrder');
    return this.publishOne(id, false);
  }

  /**
   * A 12345 (or 区城运) order just arrived: open alarms without an order near its place, seen within the incident
   * window, join it — one problem, one incident.
   */
  async linkArrivedOrder(orderId: number): Promise<number[]> {
    const { db, clock } = this.deps;
    const order = await orderSource(db, orderId);
    if (!order || (order.source !== 'hotline_12345' && order.source !== 'city_ops')) return [];
    const { rules } = await this.deps.rules.active();
    const ids = await unlinkedAlarmsNearOrder(
      db,
      orderId,
      rules.incidentRadiusMeters,
      new Date(clock.now().getTime() - rules.incidentWindowHours * 3_600_000),
    );
    const linked: number[] = [];
    for (const id of ids) {
      const row = await db.transaction().execute(async (tx) => {
        const r = await updateAlarmIf(
          tx,
          id,
          OPEN_STATUSES,
          undefined,
          { order_id: orderId, order_link: 'joined' },
          { onlyUnlinked: true },
        );
        if (r)
          await appendAlarmEvent(tx, {
            alarmId: id,
            at: clock.now(),
            kind: 'linked',
            actorUserId: null,
            actorName: '系统',
            detail: { orderId, code: order.code, link: 'joined', source: order.source },
          });
        return r;
      });
      if (row) linked.push(id);
    }
    await this.publishIds(new Map(linked.map((id) => [id, false])));
    return linked;
  }

  private async change(
    id: number,
    from: readonly AlarmStatus[],
    expectedVersion: number | undefined,
    action: AlarmMove,
    kind: AlarmEventKind,
    actor: Actor,
    note: string | null,
    patch: Partial<AlarmRow>,
  ): Promise<AlarmView> {
    const { db, clock } = this.deps;
    const row = await db.transaction().execute(async (tx) => {
      const r = await updateAlarmIf(tx, id, from, expectedVersion, patch);
      if (r) await appendAlarmEvent(tx, { alarmId: id, at: clock.now(), kind, actorUserId: actor.userId, actorName: actor.name, note });
      return r;
    });
    if (!row) throw await this.whyRefused(id, expectedVersion, action);
    return this.publishOne(id, false);
  }

  private async whyRefused(id: number, expectedVersion: number | undefined, action: AlarmMove): Promise<AppError> {
    const alarm = await findAlarm(this.deps.db, id);
    if (!alarm) return notFound(id);
    if (expectedVersion !== undefined && alarm.version !== expectedVersion) {
      return new AppError('CONFLICT', 'alarms.error.changed', `Alarm ${id} changed meanwhile (version ${alarm.version})`);
    }
    return refused(alarm.status, action);
  }

  private async publishOne(id: number, sound: boolean): Promise<AlarmView> {
    const [row] = await alarmViewRows(this.deps.db, [id]);
    const alarm = toAlarmView(row);
    this.deps.publish({ alarm, sound });
    return alarm;
  }

  /** After commit: one notice per changed alarm, in sequence order; `known` views need no read. */
  private async publishIds(changed: Map<number, boolean>, known: Map<number, AlarmViewRow> = new Map()): Promise<void> {
    if (changed.size === 0) return;
    const missing = [...changed.keys()].filter((id) => !known.has(id));
    const rows = [...[...changed.keys()].flatMap((id) => known.get(id) ?? []), ...(await alarmViewRows(this.deps.db, missing))];
    const notices: AlarmNotice[] = rows.map((r) => ({ alarm: toAlarmView(r), sound: changed.get(r.id) ?? false }));
    notices.sort((a, b) => a.alarm.seq - b.alarm.seq).forEach((n) => this.deps.publish(n));
  }
}

function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', 'error.notFound', `No alarm ${id}`, { what: `alarm ${id}` });
}

/** The moves a refusal names, spelled as the alarm panel's buttons are keyed. */
type AlarmMove = 'ack' | 'toOrder' | 'clear' | 'close';

function refused(status: AlarmStatus, action: AlarmMove): AppError {
  return new AppError('CONFLICT', 'alarms.error.refused', `Alarm is ${status}: cannot ${action}`, {
    status: zh(`alarms.status.${status}`),
    action: zh(`alarms.panel.${action}`),
  });
}

/** Two transactions that both found no open alarm may race to create it; the loser retries and merges. */
async function withRetryOnDuplicate<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 23505: lost the race to create the alarm; 40P01: a deadlock PostgreSQL broke by aborting us.
      if ((code !== '23505' && code !== '40P01') || attempt >= 3) throw error;
    }
  }
}
