/**
 * The one Database interface: a table type per table, with Selectable/Insertable/Updateable aliases.
 * Geometry columns are PostGIS `geometry(…, 4326)`; they travel as hex EWKB strings and are always read and
 * written through the helpers in db/st.ts, never parsed by hand.
 */
import type { KnowledgeDatabase } from './schema-knowledge';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
// Enumerated column values are defined once in domain/, shared with the server's rules and the screens.
import type { Role } from '@/domain/auth/roles';
import type { FeeTables } from './schema-fees';
import type { SettlementTables } from './schema-settlement';
import type { GreeningTables } from './schema-greening';
import type { FacilityImportTables } from './schema-facility-imports';
import type { AttachmentPurpose, DeadlineState, OrderSource, OrderStatus } from '@/domain/orders/order-values';

/** Hex EWKB as PostgreSQL returns it; write with db/st.ts helpers. */
export type Geometry = string;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface DistrictTable {
  code: string;
  name: string;
  geom: Geometry;
}

export interface SubDistrictTable {
  code: string;
  name: string;
  name_en: string;
  geom: Geometry;
  label_point: Geometry;
  /** The district it belongs to, and with it its units, facilities, orders and alarms (migration 0072). */
  district_code: string | null;
}

export type BaseLayer = 'road' | 'metro_line' | 'metro_station' | 'water' | 'site' | 'signal' | 'street' | 'building';
export interface BaseFeatureTable {
  id: Generated<number>;
  layer: BaseLayer;
  name: string;
  ref: string | null;
  props: Json<Record<string, unknown>>;
  geom: Geometry;
  /** A street derived from the gazetteer, not surveyed: drawn as approximate, hidden once real streets are loaded. */
  approximate: Generated<boolean>;
  /** 'seed' (shipped data) or 'import' (the district's own layer, loaded with `npm run map:import`). */
  source: Generated<'seed' | 'import'>;
}

/** The gazetteer: real addressed points (road + house number), used to geocode and to place synthetic things. */
export interface AddressTable {
  id: Generated<number>;
  name: string;
  address: string;
  road: string | null;
  house_number: number | null;
  sub_district_code: string | null;
  geom: Geometry;
}

export type FacilityKind =
  | 'toilet'
  | 'transfer_station'
  | 'light'
  | 'shop'
  | 'occupied_road'
  | 'road_segment'
  | 'depot'
  | 'kiosk'
  // 绿化 and street furniture (migration 0040)
  | 'park'
  | 'tree'
  | 'litter_bin'
  | 'bench'
  | 'fountain';

export type GeocodeQuality = 'exact' | 'nearest_number' | 'road' | 'sub_district_centre';

export interface FacilityTable {
  id: Generated<number>;
  kind: FacilityKind;
  code: string;
  name: string;
  address: string | null;
  sub_district_code: string;
  /** Kind-specific state, e.g. light: on/off/fault; toilet: open/cleaning/closed. */
  status: string;
  attrs: Json<Record<string, unknown>>;
  synthetic: boolean;
  geocode_quality: GeocodeQuality | null;
  geom: Geometry;
  version: Generated<number>;
  updated_at: Generated<Date>;
  /** Where it came from (migration 0045): the named data source and that source's stable id; null for seeded rows. */
  source: Generated<string | null>;
  source_id: Generated<string | null>;
  /** Retired facilities leave the map and the lists but keep their record and history. */
  retired_at: Generated<Date | null>;
  import_batch_id: Generated<number | null>;
}

export type UnitKind =
  | 'sweeper'
  | 'washer'
  | 'compactor'
  | 'toilet_service'
  | 'lighting_repair'
  | 'patrol_officer'
  | 'handler'
  | 'duty_officer'
  | 'greening_crew';

export interface UnitTable {
  id: Generated<number>;
  code: string;
  kind: UnitKind;
  name: string;
  sub_district_code: string;
  depot_id: number | null;
  synthetic: boolean;
  /** sha256 of the device key a tracker or phone sends with positions; null = cannot report. */
  device_key_hash: string | null;
  /** What the unit's device last said besides a position (server/units/live-types.ts DeviceReport). */
  device_report: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  on_shift: boolean;
  speed_mps: number | null;
  heading_deg: number | null;
  last_seen_at: Date | null;
  geom: Geometry | null;
}

export type PositionSource = 'device' | 'osmand' | 'simulator';
/** Partitioned by Asia/Shanghai day (migration 0014); source 'simulator' marks simulated tracks. */
export interface UnitPositionTable {
  unit_id: number;
  recorded_at: Timestamp;
  source: PositionSource;
  speed_mps: number | null;
  heading_deg: number | null;
  geom: Geometry;
}

/** One unit's closed day, its fixes packed as a track read packs them (migration 0071; server/units/history). */
export interface PositionDayTable {
  unit_id: number;
  day: string;
  fixes: string;
}

/** The days whose units' fixes are packed in position_days (migration 0071). */
export interface PositionPackedDayTable {
  day: string;
}

export type { Role };

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** Null until the security administrator grants one (migration 0011). */
  role: Role | null;
  /** Null until the user activates the account with both code halves and sets a password. */
  password_hash: string | null;
  active: Generated<boolean>;
  unit_id: number | null;
  created_at: CreatedAt;
  /** The district the account works in; null: bound to none (the city-level role), migration 0072. */
  district_code: string | null;
  /** The person behind the account (工号): conflicting roles are checked across one person's accounts. */
  staff_no: Generated<string | null>;
  totp_secret: Generated<string | null>;
  /** A secret being enrolled, until the user proves it with a code. */
  totp_pending_secret: Generated<string | null>;
  /** Accounts that sign in by phone number and one-time code (清费云 payers and companies, migration 0019). */
  phone: Generated<string | null>;
}

export interface SessionTable {
  /** sha256 of the cookie token: a stolen database does not yield usable sessions. */
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: Generated<string | null>;
}

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: number | null;
  actor_username: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail: Json<Record<string, unknown>>;
  ip: string | null;
  /** Set by the database's chain trigger (migration 0011): sha256 of the previous hash and this entry. */
  prev_hash: Generated<string | null>;
  hash: Generated<string | null>;
}

export type EventSeverity = 'info' | 'warning' | 'critical';
export interface EventFeedTable {
  id: Generated<number>;
  at: CreatedAt;
  kind: string;
  severity: EventSeverity;
  /** Message-catalogue key and its parameters, so the feed renders in the viewer's language. */
  message_key: string;
  params: Json<Record<string, string | number>>;
  facility_id: number | null;
  unit_id: number | null;
}

// ——— Dispatch hub (migration 0002): taxonomy, orders and their ledger, assignments, extensions, rules ———

export interface OrderCategoryGroupTable {
  code: string;
  name_zh: string;
  name_en: string;
  sort: number;
}

export interface OrderCategoryTable {
  code: string;
  group_code: string;
  name_zh: string;
  name_en: string;
  /** Unit kinds that can handle the category; empty = responsibility unclear, a person decides. */
  unit_kinds: ColumnType<UnitKind[], UnitKind[], UnitKind[]>;
  default_priority: number;
  active: Generated<boolean>;
  sort: number;
}

export interface OrderTimeLimitTable {
  category_code: string;
  priority: number;
  respond_minutes: number;
  resolve_minutes: number;
}

export interface OrderDayCounterTable {
  day: ColumnType<Date, string, string>;
  last_number: number;
}

export type { DeadlineState, OrderSource, OrderStatus };

export interface OrderTable {
  id: Generated<number>;
  code: string;
  source: OrderSource;
  external_ref: string | null;
  category_code: string | null;
  priority: number;
  status: OrderStatus;
  description: string;
  address: string | null;
  geom: Geometry | null;
  sub_district_code: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  /** Why the order waits for a person (structured, see server/dispatch/review-reasons.ts); [] when none. */
  review_reasons: ColumnType<Record<string, unknown>[], string | undefined, string>;
  received_at: Timestamp;
  /** When the current time limits started: intake, or the last reopening. */
  clock_started_at: Timestamp;
  respond_by: Timestamp;
  resolve_by: Timestamp;
  responded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  deadline_state: Generated<DeadlineState>;
  escalation_level: Generated<number>;
  created_by: number | null;
  /** Optimistic concurrency: every change is `UPDATE … WHERE id = ? AND version = ?` and bumps it. */
  version: Generated<number>;
  updated_at: Timestamp;
  /** 1–5 from the automatic follow-up call after closing (工单自动回访); null until answered. */
  satisfaction: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Append-only (a trigger refuses UPDATE and DELETE): the order's ledger, read as its timeline. */
export interface OrderEventTable {
  id: Generated<number>;
  order_id: number;
  at: Timestamp;
  /** null = the system (automatic check, dispatch, deadline watch). */
  actor_user_id: number | null;
  actor_name: string;
  actor_role: string;
  action: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  note: string | null;
  detail: Json<Record<string, unknown>>;
  /** The order's version after this event. */
  order_version: number;
}

export type { AttachmentPurpose };
/** Append-only; the bytes live content-addressed (sha256) outside the database. */
export interface OrderAttachmentTable {
  id: Generated<number>;
  order_id: number;
  event_id: number | null;
  purpose: AttachmentPurpose;
  content_hash: string;
  media_type: string;
  byte_size: number;
  file_name: string | null;
  created_at: Timestamp;
}

export type AssignmentStatus = 'active' | 'released' | 'done';
export interface OrderAssignmentTable {
  id: Generated<number>;
  order_id: number;
  unit_id: number;
  role: 'lead' | 'support';
  status: AssignmentStatus;
  assigned_by: number | null;
  assigned_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  distance_m: number | null;
  eta_minutes: number | null;
}

export type ExtensionStatus = 'pending' | 'approved' | 'rejected' | 'lapsed';
export interface OrderExtensionTable {
  id: Generated<number>;
  order_id: number;
  requested_by: number | null;
  requested_at: Timestamp;
  minutes: number;
  reason: string;
  status: ExtensionStatus;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decision_note: string | null;
}

export type RulesStatus = 'proposed' | 'approved' | 'rejected';
/** One row per version; a trigger freezes the rules once written (only a proposal's status may be decided). */
export interface DispatchRulesTable {
  version: Generated<number>;
  status: RulesStatus;
  rules: Json<Record<string, unknown>>;
  note: string;
  proposed_by: number | null;
  proposed_at: Timestamp;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decision_note: string | null;
}

export type AlarmStatus = 'active' | 'acknowledged' | 'cleared' | 'closed';
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One row per problem: repeats of the same object and type while open are merged (count, first and last seen). */
export interface AlarmTable {
  id: Generated<number>;
  type: string;
  level: number;
  object_kind: string;
  object_code: string;
  facility_id: number | null;
  geom: Geometry | null;
  status: AlarmStatus;
  count: Generated<number>;
  /** How often it came back soon after recovering (flapping, see server/alarms/alarm-rules.ts). */
  flaps: Generated<number>;
  value: number | null;
  threshold: number | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  acknowledged_at: NullableTime;
  order_id: number | null;
  order_link: 'created' | 'joined' | null;
  cleared_at: NullableTime;
  clear_kind: 'recovered' | 'manual' | null;
  clear_reason: string | null;
  closed_at: NullableTime;
  /** The number of the alarm's latest change (sequence alarm_seq): screens resync from the last one they saw. */
  seq: ColumnType<string, never, never>;
  version: Generated<number>;
}

export type AlarmEventKind = 'raised' | 'reopened' | 'acknowledged' | 'linked' | 'cleared' | 'closed' | 'escalated';
/** Append-only (a trigger refuses UPDATE and DELETE): every step of an alarm's life. */
export interface AlarmEventTable {
  id: Generated<string>;
  alarm_id: number;
  at: Timestamp;
  kind: AlarmEventKind;
  actor_user_id: number | null;
  actor_name: string;
  note: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export type PartnerCode = 'city_ops' | 'hotline_12345';
/** Every linked outside system with keys and an outbox: the order platforms, and 清费云's bank and 数电票 platform. */
export type LinkedPartnerCode = PartnerCode | 'fee_bank' | 'einvoice';

/** A linked platform (区城运, 12345): its HMAC keys and where order events are reported back to. */
export interface PartnerTable {
  code: LinkedPartnerCode;
  name: string;
  inbound_secret: string;
  outbound_url: string | null;
  outbound_secret: string | null;
  active: Generated<boolean>;
}

export interface PartnerRequestTable {
  partner: PartnerCode;
  idempotency_key: string;
  body_sha256: string;
  response_status: number;
  response: Json<Record<string, unknown>>;
  received_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';
/** The outbox of order events to report to a partner, written with the event itself. */
/** The retry bookkeeping every outgoing message to a partner carries (reports and the outbox alike). */
interface RetriedDeliveryColumns {
  partner: PartnerCode;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

export interface PartnerDeliveryTable extends RetriedDeliveryColumns {
  event_id: number;
  order_id: number;
}

/** Messages to a linked platform that are not order events (batched unit positions), retried like reports. */
/** What the general outbox carries: unit positions to 区城运; refunds to the bank; invoice requests to 数电票. */
export type OutboxKind = 'positions' | 'fee_refund' | 'fee_invoice' | 'fee_red_invoice';

export interface PartnerOutboxTable extends Omit<RetriedDeliveryColumns, 'partner'> {
  partner: LinkedPartnerCode;
  id: Generated<number>;
  kind: OutboxKind;
  body: ColumnType<Record<string, unknown>, string, string>;
}

/** A field command sent with the phone's own id: a replay of the same id answers with this, not a second move. */
export interface OrderCommandKeyTable {
  user_id: number;
  client_key: string;
  order_id: number;
  action: string;
  order_version: number;
  created_at: Timestamp;
}

export type VoiceCallKind = 'collection_overdue' | 'urgent_reminder' | 'follow_up' | 'frontage_notice' | 'fee_reminder';
export type VoiceCallStatus = 'queued' | 'recorded' | 'failed';

/** An AI voice call task (外呼): whom, what script, and what came of it. */
export interface VoiceCallTable {
  id: Generated<number>;
  kind: VoiceCallKind;
  order_id: number | null;
  /** One call per purpose and occasion (e.g. one reminder per order and limit). */
  dedupe_key: string;
  target_name: string;
  target_phone: string | null;
  script: string;
  status: VoiceCallStatus;
  provider: string | null;
  outcome: string | null;
  answer: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  due_at: Timestamp;
  done_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

// ——— the disposal center (废弃物综合处置中心) and landscape lighting: migration 0009 ———

export type EquipmentType = 'compactor' | 'conveyor' | 'deodoriser' | 'charging_pile' | 'env_monitor' | 'energy_meter';
export type EquipmentStatus = 'running' | 'idle' | 'fault' | 'maintenance';
export interface CockpitEquipmentTable {
  id: Generated<number>;
  code: string;
  qr_payload: string;
  name: string;
  type: EquipmentType;
  area: string;
  status: EquipmentStatus;
  inspection_cycle_days: number;
  tags: Json<string[]>;
  /** 'YYYY-MM-DD' */
  installed_on: string;
  last_inspected_at: Date | null;
  synthetic: boolean;
  version: Generated<number>;
  /** The district whose center it is (migration 0075); null: a one-district install's only district. */
  district_code: string | null;
}

export interface CockpitReadingTable {
  id: Generated<string>;
  equipment_id: number;
  metric: string;
  recorded_at: Timestamp;
  interval_seconds: number;
  value: number;
}

export type RectificationStatus = 'raised' | 'assigned' | 'rectified' | 'verified';
export interface HistoryEntry {
  at: string;
  by: string;
  action: string;
  note?: string | null;
}
export interface CockpitEnergyAnomalyTable {
  id: Generated<number>;
  equipment_id: number;
  metric: string;
  raised_at: Timestamp;
  observed_per_hour: number;
  baseline_per_hour: number;
  status: RectificationStatus;
  assignee: string | null;
  measures: string | null;
  history: Json<HistoryEntry[]>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface CockpitInspectionTaskTable {
  id: Generated<number>;
  equipment_id: number;
  due_on: string;
  emergency: boolean;
  status: 'pending' | 'done';
  checked_in_at: Date | null;
  checked_by: string | null;
  photo_hash: string | null;
  note: string | null;
}

export type HazardStatus = 'reported' | 'dispatched' | 'awaiting_acceptance' | 'accepted';
export type HazardGrade = 'general' | 'major';
export interface HazardPhoto {
  contentHash: string;
  mediaType: string;
  byteSize: number;
  fileName?: string;
}
export interface CockpitHazardTable {
  id: Generated<number>;
  code: string;
  title: string;
  description: string;
  place: string;
  grade: HazardGrade;
  deadline: Timestamp;
  status: HazardStatus;
  photos: Json<HazardPhoto[]>;
  order_id: number | null;
  reported_by: string;
  reported_at: Timestamp;
  accepted_by: string | null;
  accepted_at: Date | null;
  history: Json<HistoryEntry[]>;
  version: Generated<number>;
  updated_at: Timestamp;
  /** The district whose center it was found at (migration 0075); null: a one-district install's only district. */
  district_code: string | null;
}

export interface LightingPlanTable {
  id: Generated<number>;
  name: string;
  kind: 'normal' | 'holiday';
  starts_on: string | null;
  ends_on: string | null;
  rules: Json<unknown[]>;
  status: 'proposed' | 'approved' | 'rejected';
  proposed_by: number | null;
  proposed_by_name: string;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  note: string | null;
  created_at: CreatedAt;
  /** The district whose lights it switches (migration 0075); null: a one-district install's only district. */
  district_code: string | null;
}

export interface LightingRepairTable {
  id: Generated<number>;
  facility_id: number;
  order_id: number | null;
  batch: string;
  open: Generated<boolean>;
  created_at: Timestamp;
}

// ——— 12345 hotline history (migration 0008): tickets and their day / month rollups ———

/** A date column: read it as text (`day::text`), drivers turn bare dates into local-time Dates. */
type DateOnly = ColumnType<string, string, string>;

export interface HotlineTicketTable {
  id: Generated<number>;
  code: string;
  received_at: Timestamp;
  /** The Shanghai calendar day of received_at (the rollups' and drill-downs' time key). */
  day: DateOnly;
  category_code: string;
  sub_district_code: string;
  address: string;
  /** The address normalised: "the same place" for repeated-place and drill-down questions. */
  place_key: string;
  description: string;
  geom: Geometry;
  h3_r8: string;
  h3_r9: string;
  due_at: Timestamp;
  responded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  response_minutes: number | null;
  close_minutes: number | null;
  overdue: boolean;
  satisfaction: number | null;
  synthetic: boolean;
  import_batch: string | null;
  /** The reply sent to the citizen (migration 0060): a ticket with one is a candidate 问答 knowledge entry. */
  reply: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface HotlineRollupMeasures {
  category_code: string;
  sub_district_code: string;
  h3_r8: string;
  tickets: number;
  overdue: number;
  responded: number;
  response_minutes_sum: number;
  closed: number;
  close_minutes_sum: number;
  rated: number;
  satisfaction_sum: number;
  satisfied: number;
}
export interface HotlineRollupDayTable extends HotlineRollupMeasures {
  day: DateOnly;
}
export interface HotlineRollupMonthTable extends HotlineRollupMeasures {
  month: DateOnly;
}

// Knowledge base and outside-client registry (issue 13): tables in schema-knowledge.ts.
export type {
  KnowledgeVersionRow,
  NewKnowledgeVersion,
  KnowledgeAttachmentRow,
  OutsideClientKind,
  OutsideClientRow,
  KnowledgeEntryStatus,
  KnowledgeVersionStatus,
  InspectionOutcome,
} from './schema-knowledge';

/** The last start of each periodic job, shared by the app processes on one PostgreSQL (migration 0069). */
export interface JobRoundTable {
  job: string;
  started_at: Date;
}

/** The journal of live notices, numbered in commit order (migration 0070; server/realtime/notice-journal.ts). */
export interface LiveNoticeTable {
  seq: ColumnType<string, number, never>;
  kind: string;
  payload: ColumnType<unknown, string, never>;
  at: Generated<Date>;
  /** The district whose walls hear it (migration 0072); null: the city's walls only. */
  district_code: string | null;
}

/** The last journal number given: one row, its lock orders the writers (migration 0070). */
export interface LiveNoticeHeadTable {
  id: number;
  last: string;
}

/** The latest picture of the wall's base map per district scope and view (migration 0076; issue 19). */
export interface BaseMapSnapshotTable {
  /** scopeKey() of the district scope whose walls took it and may be shown it. */
  scope: string;
  /** domain/map/base-map-snapshot.ts snapshotKey(). */
  view_key: string;
  image: Buffer;
  camera_lng: number;
  camera_lat: number;
  camera_zoom: number;
  captured_at: Timestamp;
  captured_by: number | null;
}

// 清费云 (migration 0012): its tables are typed in schema-fees.ts.
export interface Database extends KnowledgeDatabase, FeeTables, GreeningTables, FacilityImportTables, SettlementTables {
  districts: DistrictTable;
  job_rounds: JobRoundTable;
  live_notices: LiveNoticeTable;
  live_notice_head: LiveNoticeHeadTable;
  sub_districts: SubDistrictTable;
  base_features: BaseFeatureTable;
  base_map_snapshots: BaseMapSnapshotTable;
  addresses: AddressTable;
  facilities: FacilityTable;
  units: UnitTable;
  unit_positions: UnitPositionTable;
  position_days: PositionDayTable;
  position_packed_days: PositionPackedDayTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  event_feed: EventFeedTable;
  order_category_groups: OrderCategoryGroupTable;
  order_categories: OrderCategoryTable;
  order_time_limits: OrderTimeLimitTable;
  order_day_counters: OrderDayCounterTable;
  orders: OrderTable;
  order_events: OrderEventTable;
  order_attachments: OrderAttachmentTable;
  order_assignments: OrderAssignmentTable;
  order_extensions: OrderExtensionTable;
  dispatch_rules: DispatchRulesTable;
  partners: PartnerTable;
  partner_requests: PartnerRequestTable;
  partner_deliveries: PartnerDeliveryTable;
  cockpit_equipment: CockpitEquipmentTable;
  cockpit_readings: CockpitReadingTable;
  cockpit_energy_anomalies: CockpitEnergyAnomalyTable;
  cockpit_inspection_tasks: CockpitInspectionTaskTable;
  cockpit_hazards: CockpitHazardTable;
  lighting_plans: LightingPlanTable;
  lighting_repairs: LightingRepairTable;
  alarms: AlarmTable;
  alarm_events: AlarmEventTable;
  /** Same shape as dispatch_rules: versioned alarm thresholds with four-eyes approval. */
  alarm_rules: DispatchRulesTable;
  partner_outbox: PartnerOutboxTable;
  order_command_keys: OrderCommandKeyTable;
  voice_calls: VoiceCallTable;
  hotline_tickets: HotlineTicketTable;
  hotline_rollup_day: HotlineRollupDayTable;
  hotline_rollup_month: HotlineRollupMonthTable;
  user_activations: UserActivationTable;
  sign_in_limits: SignInLimitTable;
  audit_retention: AuditRetentionTable;
  /** Same shape as dispatch_rules: the versioned 清费云 tariff with four-eyes approval. */
  fee_tariff_rules: DispatchRulesTable;
  /** Same shape: the versioned grade adjustments of the service settlement (issue 17). */
  settlement_grade_rules: DispatchRulesTable;
}

export type FacilityRow = Selectable<FacilityTable>;
export type NewFacility = Insertable<FacilityTable>;
export type FacilityUpdate = Updateable<FacilityTable>;
export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
export type EventFeedRow = Selectable<EventFeedTable>;
export type NewEventFeed = Insertable<EventFeedTable>;
export type AddressRow = Selectable<AddressTable>;
export type SubDistrictRow = Selectable<SubDistrictTable>;
export type OrderRow = Selectable<OrderTable>;
export type NewOrder = Insertable<OrderTable>;
export type OrderUpdate = Updateable<OrderTable>;
export type OrderEventRow = Selectable<OrderEventTable>;
export type NewOrderEvent = Insertable<OrderEventTable>;
export type OrderAttachmentRow = Selectable<OrderAttachmentTable>;
export type NewOrderAttachment = Insertable<OrderAttachmentTable>;
export type OrderAssignmentRow = Selectable<OrderAssignmentTable>;
export type OrderExtensionRow = Selectable<OrderExtensionTable>;
export type OrderCategoryRow = Selectable<OrderCategoryTable>;
export type DispatchRulesRow = Selectable<DispatchRulesTable>;
export type AlarmRow = Selectable<AlarmTable>;
export type AlarmEventRow = Selectable<AlarmEventTable>;

// ——— Sign-in protection and separation of duties (migration 0011) ———

/** The two halves of a new account's one-time activation code, one per administrator, kept as sha256. */
export interface UserActivationTable {
  user_id: number;
  system_half_hash: string | null;
  security_half_hash: string | null;
  expires_at: Timestamp;
}

/** Sign-in failure counters; address '*' is a user name's total, username '*' an address's total. */
export interface SignInLimitTable {
  username: string;
  address: string;
  failures: Generated<number>;
  last_failure_at: Timestamp | null;
  blocked_until: Timestamp | null;
  last_success_at: Timestamp | null;
}

export interface AuditRetentionTable {
  id: number;
  days: number;
}
