/**
 * "The district at T" for the wall's time slider: every unit where the position history has it at T, and the
 * orders, alarms and 12345 tickets that were open then, each in its state then. One read per replay step; each
 * feature answers for its own kind through its service, this module only puts the moment together and guards it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { AlarmView } from '@/domain/alarms/alarm-view';
import type { Clock } from '@/server/clock';
import type { AlarmsService } from '@/server/alarms/alarms.service';
import { openTicketsAt, type OpenTicketAt } from '@/server/hotline/analysis.service';
import type { OrdersService } from '@/server/orders/orders.service';
import type { OrderView } from '@/server/orders/views';
import type { PositionAtMoment, PositionHistoryService } from '@/server/units/history/position-history.service';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtMembers } from '@/server/tenancy/district-members';

/** How far back the replay reaches: the days the history keeps at full resolution are at most a week. */
export const REPLAY_REACH_MS = 8 * 86_400_000;
/** A moment this little ahead of the server's clock (a browser clock running fast) is read as now. */
const CLOCK_SKEW_MS = 60_000;
/** At most this many of each kind: the wall draws the open ones, which are far fewer. */
const KIND_LIMIT = 500;

export interface DistrictAt {
  /** Epoch ms of the moment. */
  at: number;
  units: PositionAtMoment[];
  orders: OrderView[];
  alarms: AlarmView[];
  tickets: OpenTicketAt[];
  /** How long the read took on the server, in ms (shown to no one; measured by tests and the wall's debug hook). */
  readMs: number;
}

export interface DistrictAtDeps {
  db: Kysely<Database>;
  clock: Clock;
  history: Pick<PositionHistoryService, 'positionsAt'>;
  orders: Pick<OrdersService, 'openAt'>;
  alarms: Pick<AlarmsService, 'openAt'>;
}

export async function districtAt(
  deps: DistrictAtDeps,
  at: Date,
  lookbackSeconds: number,
  scope: DistrictScope = CITY_SCOPE,
): Promise<DistrictAt> {
  const now = deps.clock.now().getTime();
  if (at.getTime() > now + CLOCK_SKEW_MS)
    throw new AppError('BAD_REQUEST', 'error.replay.future', 'a replay moment cannot be in the future');
  if (at.getTime() < now - REPLAY_REACH_MS)
    throw new AppError('BAD_REQUEST', 'error.replay.tooOld', 'the replay reaches back 8 days at most', { days: 8 });
  const started = performance.now();
  const [units, orders, alarms, tickets] = await Promise.all([
    deps.history.positionsAt(at, lookbackSeconds),
    deps.orders.openAt(at, KIND_LIMIT),
    deps.alarms.openAt(at, KIND_LIMIT),
    openTicketsAt(deps.db, at, KIND_LIMIT),
  ]);
  const moment = await withinScope(deps.db, scope, { units, orders, alarms, tickets });
  return { at: at.getTime(), ...moment, readMs: Math.round(performance.now() - started) };
}

type Moment = Pick<DistrictAt, 'units' | 'orders' | 'alarms' | 'tickets'>;

/** A district's wall replays its own district only (domain/tenancy/district-scope.ts); city-wide, everything. */
async function withinScope(db: Kysely<Database>, scope: DistrictScope, moment: Moment): Promise<Moment> {
  if (scope.kind === 'city') return moment;
  const { subDistricts, unitIds, facilityIds } = await districtMembers(db, scope.code, moment);
  const ownPlace = (code: string | null) => (code === null ? subDistricts.soleDistrict : subDistricts.codes.has(code));
  return {
    units: moment.units.filter((u) => unitIds.has(u.unitId)),
    orders: moment.orders.filter((o) => ownPlace(o.subDistrictCode)),
    alarms: moment.alarms.filter((a) => (a.facilityId === null ? subDistricts.soleDistrict : facilityIds.has(a.facilityId))),
    tickets: moment.tickets.filter((t) => ownPlace(t.subDistrictCode)),
  };
}
