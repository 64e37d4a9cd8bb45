/**
 * The command wall's KPIs (/): what each tile and chart counts, written once. The queries in
 * ./facilities.repository.ts and ./facilities.service.ts follow these definitions; the README's "KPI definitions"
 * table repeats them for readers. Every figure is for the district, or for one sub-district when the wall's
 * selector has one chosen (the server filters; the browser only shows).
 */
import { type AlarmType, KIOSK_HEARTBEAT_ALARM } from '@/domain/alarms/alarm-types';

/**
 * A facility's state as the wall counts it: its recorded status, unless an open alarm says otherwise. Without this
 * the kiosk tile read 46/46 online while a kiosk's heartbeat alarm stood open on the same wall.
 * definition: open (active or acknowledged) alarm of these types on the facility → this state.
 */
export const ALARM_OVERRIDES: Readonly<Record<string, Readonly<Partial<Record<AlarmType, string>>>>> = {
  kiosk: { [KIOSK_HEARTBEAT_ALARM]: 'offline' },
  light: { 'light.lamp_failure': 'fault', 'light.power_failure': 'fault' },
};

/** definition: a kiosk is online when its recorded status is one of these and no heartbeat alarm is open on it. */
export const KIOSK_ONLINE_STATUSES: readonly string[] = ['online', 'normal', 'on'];
/** definition: a toilet is open when its recorded status is this. */
export const TOILET_OPEN_STATUSES: readonly string[] = ['open'];
/**
 * definition: a light is on (亮灯), off (关灯, by its switching plan: not 停用, not a fault) or at fault (故障, its
 * status or an open lamp/power alarm). Lights in any other status count in the total only.
 */
export const LIGHT_STATES = ['on', 'off', 'fault'] as const;

export interface WallKpiDefinition {
  testId: string;
  zh: string;
  en: string;
  /** definition: what is counted, in words. */
  definition: string;
  source: string;
}

export const WALL_KPIS: readonly WallKpiDefinition[] = [
  {
    testId: 'kpi-units-online',
    zh: '在线作业单元',
    en: 'Units online',
    definition: 'units heard from within UNIT_OFFLINE_SECONDS, of all units (registered in the chosen sub-district)',
    source: 'live unit store (positions and device reports)',
  },
  {
    testId: 'kpi-vehicles-online',
    zh: '作业车辆在线',
    en: 'Vehicles online',
    definition: 'as units online, vehicles only (sweepers, washers, compactors, toilet service and lighting repair)',
    source: 'live unit store',
  },
  {
    testId: 'kpi-staff-online',
    zh: '值守人员在线',
    en: 'Duty staff online',
    definition: 'as units online, duty and patrol officers and handlers only; a neutral figure, not an alarm',
    source: 'live unit store',
  },
  {
    testId: 'kpi-lights-on-rate',
    zh: '亮灯率',
    en: 'Lights on',
    definition: 'lights on ÷ all lights; a light with an open lamp or power alarm is at fault, not on',
    source: 'facilities (kind light).status, open light alarms',
  },
  {
    testId: 'kpi-lights-fault-rate',
    zh: '灯光故障率',
    en: 'Light fault rate',
    definition: 'lights at fault (status fault, or an open lamp/power alarm) ÷ all lights; lights off by plan are not faults',
    source: 'facilities (kind light).status, open light alarms',
  },
  {
    testId: 'kpi-toilets-open',
    zh: '公厕开放',
    en: 'Toilets open',
    definition: 'toilets whose status is open, of all toilets',
    source: 'facilities (kind toilet).status',
  },
  {
    testId: 'kpi-kiosks-online',
    zh: '自助终端在线',
    en: 'Kiosks online',
    definition: 'kiosks whose status is online and on which no heartbeat alarm (kiosk.offline) is open, of all kiosks',
    source: 'facilities (kind kiosk).status, open kiosk.offline alarms',
  },
  {
    testId: 'kpi-green-area',
    zh: '公园绿地面积',
    en: 'Park & green area',
    definition: 'area of the union of park outlines (nested outlines once); parks counted, named ones apart',
    source: 'facilities (kind park).geom',
  },
  {
    testId: 'kpi-trees',
    zh: '已测绘树木',
    en: 'Trees mapped',
    definition: 'surveyed trees',
    source: 'facilities (kind tree)',
  },
  {
    testId: 'kpi-facilities-total',
    zh: '上图设施',
    en: 'Facilities mapped',
    definition: 'facilities in service (not retired), every kind',
    source: 'facilities.retired_at',
  },
  {
    testId: 'chart-facility-status',
    zh: '设施状态',
    en: 'Facility status',
    definition:
      "each kind's facilities by state as above (alarm overrides applied), grouped as working / attention / fault / off by plan / disabled",
    source: 'facilities.status, open alarms',
  },
  {
    testId: 'chart-light-rates',
    zh: '各街镇亮灯率 / 故障率',
    en: 'Lights on / fault rate by sub-district',
    definition: 'the two light rates above per sub-district (only the chosen one when one is chosen)',
    source: 'facilities (kind light), open light alarms',
  },
];
