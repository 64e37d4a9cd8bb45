/**
 * The disposal center (废弃物综合处置中心): the cockpit's four boards, energy-anomaly rectification, hidden dangers
 * (report with photos → dispatch as a work order → rectified → accepted) and equipment inspections with
 * check-in on the phone. Viewing needs cockpit:view; acting on site needs cockpit:operate. Everything is the
 * reader's district's center (domain/tenancy/district-scope.ts); another district's record is not found.
 */
import { z } from 'zod';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { permittedProcedure, router } from '../trpc';
import {
  anomalyViewSchema,
  boardsSchema,
  equipmentViewSchema,
  hazardViewSchema,
  inspectionTaskViewSchema,
} from '@/server/cockpit/cockpit.schemas';
import { rectificationCommandSchema } from '@/server/cockpit/cockpit.service';
import { hazardCommandSchema, reportHazardSchema } from '@/server/cockpit/hazards.service';
import { addEmergencyInspection, checkIn, listEquipment, todaysInspections } from '@/server/cockpit/inspections.service';
import { shanghaiDay } from '@/domain/shanghai-time';
import { actorOf } from './orders';

const hazardStatus = z.enum(['reported', 'dispatched', 'awaiting_acceptance', 'accepted']);

export const cockpitRouter = router({
  /** All four boards at once; the wall polls it every few seconds. */
  boards: permittedProcedure('cockpit:view')
    .output(boardsSchema)
    .query(({ ctx }) => ctx.services.cockpit.boards.boards(scopeOf(ctx.user))),

  /** The equipment archive with tags, QR codes, cycles and the next inspection; searchable. */
  equipment: permittedProcedure('cockpit:view')
    .input(z.object({ search: z.string().trim().max(50).optional() }).optional())
    .output(z.array(equipmentViewSchema))
    .query(({ ctx, input }) => listEquipment(ctx.services.db, input?.search, scopeOf(ctx.user))),

  rectify: permittedProcedure('cockpit:operate')
    .input(rectificationCommandSchema)
    .output(anomalyViewSchema)
    .mutation(({ ctx, input }) => ctx.services.cockpit.boards.rectify(input, actorOf(ctx.user), scopeOf(ctx.user))),

  hazards: router({
    list: permittedProcedure('cockpit:operate')
      .input(z.object({ status: hazardStatus.optional(), limit: z.number().int().min(1).max(500).default(100) }).optional())
      .output(z.array(hazardViewSchema))
      .query(({ ctx, input }) =>
        ctx.services.cockpit.hazards.list({ status: input?.status, limit: input?.limit ?? 100 }, scopeOf(ctx.user)),
      ),
    report: permittedProcedure('cockpit:operate')
      .input(reportHazardSchema)
      .output(hazardViewSchema)
      .mutation(({ ctx, input }) => ctx.services.cockpit.hazards.report(input, actorOf(ctx.user), scopeOf(ctx.user))),
    act: permittedProcedure('cockpit:operate')
      .input(hazardCommandSchema)
      .output(hazardViewSchema)
      .mutation(({ ctx, input }) => ctx.services.cockpit.hazards.act(input, actorOf(ctx.user), scopeOf(ctx.user))),
  }),

  inspections: router({
    /** Today's tasks and any still pending from earlier days. */
    today: permittedProcedure('cockpit:operate')
      .output(z.array(inspectionTaskViewSchema))
      .query(({ ctx }) => todaysInspections(ctx.services.db, shanghaiDay(ctx.services.cockpit.clock.now()), scopeOf(ctx.user))),
    checkIn: permittedProcedure('cockpit:operate')
      .input(
        z.object({
          taskId: z.number().int().positive(),
          qrPayload: z.string().trim().min(1, '请扫描设备二维码 / scan the equipment QR code').max(200),
          photoHash: z.string().regex(/^[0-9a-f]{64}$/, '请先拍照 / take a photo first'),
          note: z.string().trim().max(500).nullish(),
        }),
      )
      .output(z.void())
      .mutation(({ ctx, input }) =>
        checkIn(ctx.services.db, input, ctx.user.displayName, ctx.services.cockpit.clock.now(), scopeOf(ctx.user)),
      ),
    addEmergency: permittedProcedure('cockpit:operate')
      .input(z.object({ equipmentId: z.number().int().positive() }))
      .output(z.void())
      .mutation(({ ctx, input }) =>
        addEmergencyInspection(ctx.services.db, input.equipmentId, shanghaiDay(ctx.services.cockpit.clock.now()), scopeOf(ctx.user)),
      ),
  }),
});
