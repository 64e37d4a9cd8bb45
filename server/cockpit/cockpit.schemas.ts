/**
 * What the cockpit procedures answer, as zod schemas: tRPC checks every answer against them. Each `satisfies`
 * the view type the services build, so the two cannot drift apart unnoticed.
 */
import { z } from 'zod';
import { orderStatusSchema } from '@/server/orders/views';
import { METRICS, type Metric } from './center';
import type { AnomalyView, CockpitBoards, MeterView } from './cockpit.service';
import type { HazardView } from './hazards.service';
import type { EquipmentView, InspectionTaskView } from './inspections.service';

const historyEntrySchema = z.object({ at: z.string(), by: z.string(), action: z.string(), note: z.string().nullish() });
const equipmentStatusSchema = z.enum(['running', 'idle', 'fault', 'maintenance']);
const equipmentTypeSchema = z.enum(['compactor', 'conveyor', 'deodoriser', 'charging_pile', 'env_monitor', 'energy_meter']);
const metricSchema = z.enum(Object.keys(METRICS) as [Metric, ...Metric[]]);

export const hazardViewSchema = z.object({
  id: z.number(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  grade: z.enum(['general', 'major']),
  deadline: z.date(),
  overdue: z.boolean(),
  status: z.enum(['reported', 'dispatched', 'awaiting_acceptance', 'accepted']),
  photos: z.array(z.object({ contentHash: z.string(), mediaType: z.string(), byteSize: z.number(), fileName: z.string().optional() })),
  orderId: z.number().nullable(),
  orderCode: z.string().nullable(),
  orderStatus: orderStatusSchema.nullable(),
  reportedBy: z.string(),
  reportedAt: z.date(),
  acceptedBy: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  history: z.array(historyEntrySchema),
  version: z.number(),
}) satisfies z.ZodType<HazardView>;

export const anomalyViewSchema = z.object({
  id: z.number(),
  equipmentCode: z.string(),
  equipmentName: z.string(),
  metric: z.string(),
  raisedAt: z.date(),
  observedPerHour: z.number(),
  baselinePerHour: z.number(),
  status: z.enum(['raised', 'assigned', 'rectified', 'verified']),
  assignee: z.string().nullable(),
  measures: z.string().nullable(),
  history: z.array(historyEntrySchema),
  version: z.number(),
}) satisfies z.ZodType<AnomalyView>;

const meterViewSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  metric: metricSchema,
  unit: z.string(),
  ratePerHour: z.number().nullable(),
  baselinePerHour: z.number().nullable(),
  level: z.enum(['normal', 'warning', 'anomaly']),
  excess: z.number().nullable(),
}) satisfies z.ZodType<MeterView>;

export const boardsSchema = z.object({
  at: z.date(),
  center: z.object({
    name: z.string(),
    nameEn: z.string(),
    address: z.string(),
    location: z.tuple([z.number(), z.number()]),
    synthetic: z.boolean(),
  }),
  safety: z.object({
    open: z.number(),
    major: z.number(),
    overdue: z.number(),
    awaitingAcceptance: z.number(),
    acceptedThisMonth: z.number(),
    recent: z.array(hazardViewSchema),
    environment: z.array(
      z.object({
        monitorCode: z.string(),
        monitorName: z.string(),
        metric: z.string(),
        value: z.number(),
        limit: z.number(),
        unit: z.string(),
        over: z.boolean(),
        at: z.date(),
      }),
    ),
  }),
  equipment: z.object({
    total: z.number(),
    byStatus: z.record(equipmentStatusSchema, z.number()),
    byType: z.array(z.object({ type: equipmentTypeSchema, total: z.number(), fault: z.number() })),
    inspectionsToday: z.object({ due: z.number(), done: z.number() }),
    overdueInspections: z.number(),
    attention: z.array(z.object({ code: z.string(), name: z.string(), area: z.string(), status: equipmentStatusSchema })),
  }),
  energy: z.object({
    meters: z.array(meterViewSchema),
    today: z.object({ electricityKwh: z.number(), waterM3: z.number() }),
    trend: z.array(z.object({ hour: z.date(), value: z.number(), baseline: z.number().nullable() })),
    anomalies: z.array(anomalyViewSchema),
  }),
  alarms: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(['environment', 'equipment', 'energy']),
      severity: z.enum(['warning', 'critical']),
      objectCode: z.string(),
      objectName: z.string(),
      metric: z.string().nullable(),
      value: z.number().nullable(),
      limit: z.number().nullable(),
      unit: z.string().nullable(),
      since: z.date(),
    }),
  ),
}) satisfies z.ZodType<CockpitBoards>;

export const equipmentViewSchema = z.object({
  id: z.number(),
  code: z.string(),
  qrPayload: z.string(),
  name: z.string(),
  type: z.string(),
  area: z.string(),
  status: z.string(),
  tags: z.array(z.string()),
  installedOn: z.string(),
  cycleDays: z.number(),
  lastInspectedAt: z.date().nullable(),
  nextDueOn: z.string().nullable(),
  synthetic: z.boolean(),
}) satisfies z.ZodType<EquipmentView>;

export const inspectionTaskViewSchema = z.object({
  id: z.number(),
  equipmentId: z.number(),
  equipmentCode: z.string(),
  equipmentName: z.string(),
  qrPayload: z.string(),
  area: z.string(),
  dueOn: z.string(),
  emergency: z.boolean(),
  status: z.enum(['pending', 'done']),
  checkedInAt: z.date().nullable(),
  checkedBy: z.string().nullable(),
  photoHash: z.string().nullable(),
}) satisfies z.ZodType<InspectionTaskView>;
