/**
 * What the orders service hands out — domain shapes, never database rows — as zod schemas, so the tRPC
 * procedures declare exactly these as their output and the types below come from the same source.
 */
import { z } from 'zod';
import { DEADLINE_STATES, ORDER_SOURCES, ORDER_STATUSES } from '@/domain/orders/order-values';
import type { OrderAttachmentRow, OrderEventRow, OrderExtensionRow } from '@/db/schema';
import type { listAssignments } from './assignments.repository';
import type { CategoryRecord } from './categories.repository';
import { evaluateDeadline } from '@/domain/orders/deadline-state';
import type { OrderRecord } from './orders.repository';

export const orderSourceSchema = z.enum(ORDER_SOURCES);
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export const deadlineStateSchema = z.enum(DEADLINE_STATES);
export const prioritySchema = z.number().int().min(1).max(4);
export const reviewReasonSchema = z.object({ code: z.string() }).catchall(z.union([z.string(), z.number(), z.null()]));
export type ReviewReason = z.infer<typeof reviewReasonSchema>;

export const orderViewSchema = z.object({
  id: z.number(),
  code: z.string(),
  source: orderSourceSchema,
  externalRef: z.string().nullable(),
  categoryCode: z.string().nullable(),
  priority: prioritySchema,
  status: orderStatusSchema,
  description: z.string(),
  address: z.string().nullable(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  subDistrictCode: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  reviewReasons: z.array(reviewReasonSchema),
  receivedAt: z.date(),
  respondBy: z.date(),
  resolveBy: z.date(),
  respondedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  deadlineState: deadlineStateSchema,
  escalationLevel: z.number(),
  /** 1–5 from the follow-up call after closing (工单自动回访); null until answered. */
  satisfaction: z.number().nullable(),
  /** The units working on it now (the queue shows them on each row). */
  units: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
  version: z.number(),
  /** The running clock as of the read, for the live countdown. */
  clock: z.object({ name: z.enum(['respond', 'resolve']).nullable(), state: deadlineStateSchema, minutesLeft: z.number().nullable() }),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const timelineEntrySchema = z.object({
  id: z.number(),
  at: z.date(),
  actorName: z.string(),
  actorRole: z.string(),
  action: z.string(),
  from: orderStatusSchema.nullable(),
  to: orderStatusSchema,
  note: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  attachmentIds: z.array(z.number()),
});

export const attachmentViewSchema = z.object({
  id: z.number(),
  eventId: z.number().nullable(),
  purpose: z.string(),
  contentHash: z.string(),
  mediaType: z.string(),
  byteSize: z.number(),
  fileName: z.string().nullable(),
});

export const assignmentViewSchema = z.object({
  unitId: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  role: z.enum(['lead', 'support']),
  status: z.enum(['active', 'released', 'done']),
  assignedAt: z.date(),
  endedAt: z.date().nullable(),
  distanceM: z.number().nullable(),
  etaMinutes: z.number().nullable(),
});

export const extensionViewSchema = z.object({
  id: z.number(),
  minutes: z.number(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'lapsed']),
  requestedAt: z.date(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
});

export const orderDetailSchema = z.object({
  order: orderViewSchema,
  timeline: z.array(timelineEntrySchema),
  assignments: z.array(assignmentViewSchema),
  attachments: z.array(attachmentViewSchema),
  extensions: z.array(extensionViewSchema),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export const categoryViewSchema = z.object({
  code: z.string(),
  groupCode: z.string(),
  groupNameZh: z.string(),
  groupNameEn: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unitKinds: z.array(z.string()),
  defaultPriority: prioritySchema,
});
export type CategoryView = z.infer<typeof categoryViewSchema>;

export function toOrderView(o: OrderRecord, now: Date): OrderView {
  const standing = evaluateDeadline(
    { status: o.status, clockStartedAt: o.clock_started_at, respondBy: o.respond_by, resolveBy: o.resolve_by, respondedAt: o.responded_at },
    now,
  );
  return {
    id: o.id,
    code: o.code,
    source: o.source,
    externalRef: o.external_ref,
    categoryCode: o.category_code,
    priority: o.priority,
    status: o.status,
    description: o.description,
    address: o.address,
    location: o.lng === null || o.lat === null ? null : { lng: o.lng, lat: o.lat },
    subDistrictCode: o.sub_district_code,
    reporterName: o.reporter_name,
    reporterPhone: o.reporter_phone,
    reviewReasons: o.review_reasons as ReviewReason[],
    receivedAt: o.received_at,
    respondBy: o.respond_by,
    resolveBy: o.resolve_by,
    respondedAt: o.responded_at,
    resolvedAt: o.resolved_at,
    closedAt: o.closed_at,
    deadlineState: o.deadline_state,
    escalationLevel: o.escalation_level,
    satisfaction: o.satisfaction,
    units: o.units ?? [],
    version: o.version,
    clock: {
      name: standing.clock,
      state: standing.state,
      minutesLeft: standing.minutesLeft === null ? null : Math.round(standing.minutesLeft),
    },
  };
}

export function toTimeline(events: OrderEventRow[], attachments: OrderAttachmentRow[]) {
  return events.map((e) => ({
    id: e.id,
    at: e.at,
    actorName: e.actor_name,
    actorRole: e.actor_role,
    action: e.action,
    from: e.from_status,
    to: e.to_status,
    note: e.note,
    detail: e.detail,
    attachmentIds: attachments.filter((a) => a.event_id === e.id).map((a) => a.id),
  }));
}

export function toAttachmentView(a: OrderAttachmentRow) {
  return {
    id: a.id,
    eventId: a.event_id,
    purpose: a.purpose,
    contentHash: a.content_hash,
    mediaType: a.media_type,
    byteSize: a.byte_size,
    fileName: a.file_name,
  };
}

export function toAssignmentView(a: Awaited<ReturnType<typeof listAssignments>>[number]) {
  return {
    unitId: a.unit_id,
    unitCode: a.unit_code,
    unitName: a.unit_name,
    unitKind: a.unit_kind,
    role: a.role,
    status: a.status,
    assignedAt: a.assigned_at,
    endedAt: a.ended_at,
    distanceM: a.distance_m,
    etaMinutes: a.eta_minutes,
  };
}

export function toExtensionView(x: OrderExtensionRow) {
  return {
    id: x.id,
    minutes: x.minutes,
    reason: x.reason,
    status: x.status,
    requestedAt: x.requested_at,
    decidedAt: x.decided_at,
    decisionNote: x.decision_note,
  };
}

export function toCategoryView(c: CategoryRecord): CategoryView {
  return {
    code: c.code,
    groupCode: c.group_code,
    groupNameZh: c.group_name_zh,
    groupNameEn: c.group_name_en,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    unitKinds: c.unit_kinds,
    defaultPriority: c.default_priority,
  };
}
