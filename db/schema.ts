/**
 * The one Database interface: a table type per table, with Selectable/Insertable/Updateable aliases.
 * Geometry columns are PostGIS `geometry(…, 4326)`; they travel as hex EWKB strings and are always read and
 * written through the helpers in db/st.ts, never parsed by hand.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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
}

export type BaseLayer = 'road' | 'metro_line' | 'metro_station';
export interface BaseFeatureTable {
  id: Generated<number>;
  layer: BaseLayer;
  name: string;
  ref: string | null;
  props: Json<Record<string, unknown>>;
  geom: Geometry;
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
  | 'kiosk';

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
}

export type UnitKind =
  | 'sweeper'
  | 'washer'
  | 'compactor'
  | 'toilet_service'
  | 'lighting_repair'
  | 'patrol_officer'
  | 'handler'
  | 'duty_officer';

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
  on_shift: boolean;
  speed_mps: number | null;
  heading_deg: number | null;
  last_seen_at: Date | null;
  geom: Geometry | null;
}

export type PositionSource = 'device' | 'osmand' | 'simulator';
export interface UnitPositionTable {
  id: Generated<number>;
  unit_id: number;
  recorded_at: Timestamp;
  received_at: CreatedAt;
  source: PositionSource;
  speed_mps: number | null;
  heading_deg: number | null;
  geom: Geometry;
}

export type Role =
  | 'duty_officer'
  | 'dispatcher'
  | 'leader'
  | 'hotline_analyst'
  | 'field_unit'
  | 'fee_clerk'
  | 'knowledge_editor'
  | 'system_admin'
  | 'security_admin'
  | 'audit_admin';

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: Generated<boolean>;
  unit_id: number | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** sha256 of the cookie token: a stolen database does not yield usable sessions. */
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
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

export interface Database {
  districts: DistrictTable;
  sub_districts: SubDistrictTable;
  base_features: BaseFeatureTable;
  addresses: AddressTable;
  facilities: FacilityTable;
  units: UnitTable;
  unit_positions: UnitPositionTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  event_feed: EventFeedTable;
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
