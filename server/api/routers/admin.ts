/**
 * The three administrators' separate jobs (三员分立): accounts (system), roles and unlocking (security), and
 * reading the audit log (audit). Every change here is audited. Each administrator works within their district
 * (server/auth/accounts.service.ts): one bound to none is the city-level administrator.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import { MIN_RETENTION_DAYS } from '@/server/audit/audit-chain.repository';
import { ROLES } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';

const roleSchema = z.enum(ROLES);
const ok = z.object({ ok: z.literal(true) });

/** An account as the administrators see it: never a password hash or a TOTP secret. */
const accountView = z.object({
  id: z.number(),
  username: z.string(),
  display_name: z.string(),
  role: roleSchema.nullable(),
  active: z.boolean(),
  unit_id: z.number().nullable(),
  created_at: z.date(),
  staff_no: z.string().nullable(),
  activated: z.boolean(),
  totp_enrolled: z.boolean(),
  /** The account's district (a code for the screens to send back) and its name to show; null: city-level. */
  district_code: z.string().nullable(),
  district_name: z.string().nullable(),
});

const districtCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '请选择所属区 / choose a district');

const auditEntryView = z.object({
  id: z.number(),
  at: z.date(),
  actor_user_id: z.number().nullable(),
  actor_username: z.string(),
  actor_role: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
});

export const adminRouter = router({
  users: permittedProcedure('users:manage')
    .output(z.array(accountView))
    .query(({ ctx }) => ctx.services.accounts.list(ctx.user)),

  /** The districts a new account may be placed in: the administrator's own, or every one for a city-level one. */
  districts: permittedProcedure('users:manage')
    .output(z.array(z.object({ code: z.string(), name: z.string() })))
    .query(({ ctx }) => ctx.services.accounts.districts(ctx.user)),

  /** The security administrator sees the accounts to assign roles to, without managing them otherwise. */
  usersForRoles: permittedProcedure('roles:assign')
    .output(z.array(accountView))
    .query(({ ctx }) => ctx.services.accounts.list(ctx.user)),

  /** An account with no role and no password (三员分立): the security administrator grants the role, and both issue activation halves. */
  createUser: permittedProcedure('users:manage')
    .input(
      z.object({
        username: z
          .string()
          .trim()
          .regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字或 _.- / 3–32 lower-case letters, digits or _.-'),
        displayName: z.string().trim().min(1).max(64),
        staffNo: z.string().trim().min(1, '请输入工号 / staff number required').max(32),
        /** A city-level administrator's choice: a district, or null for a city-level account; absent: the only district. */
        districtCode: districtCode.nullish(),
      }),
    )
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.accounts.createAccount(ctx.user, ctx.ip, input)),

  assignRole: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), role: roleSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.grantRole(ctx.user, ctx.ip, input.userId, input.role);
      return { ok: true as const };
    }),

  /** The caller's half of a new account's activation code (system or security administrator), shown once. */
  issueActivationHalf: permittedProcedure('users:manage', 'roles:assign')
    .input(z.object({ userId: z.number().int().positive() }))
    .output(z.object({ half: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => ctx.services.accounts.issueActivationHalf(ctx.user, ctx.ip, input.userId)),

  setActive: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), active: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.setActive(ctx.user, ctx.ip, input.userId, input.active);
      return { ok: true as const };
    }),

  /**
   * A new device key for a unit's tracker or phone (the old one stops working). The key is shown once and never
   * stored; the phone's Traccar Client is pointed at /api/ingest/osmand with `?key=` (see server/units/ingest).
   */
  issueDeviceKey: permittedProcedure('devices:manage')
    .input(z.object({ unitCode: z.string().trim().min(1, '请输入单元编号 / unit code required').max(64) }))
    .output(z.object({ unitCode: z.string(), unitName: z.string(), key: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const unit = ctx.services.liveUnits.unitByCode(input.unitCode);
      if (!unit) throw new AppError('NOT_FOUND', 'error.notFound', `No unit ${input.unitCode}`, { what: input.unitCode });
      const key = await ctx.services.liveUnits.rotateDeviceKey(unit.id);
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'admin.device_key_issued', 'ok', ctx.ip, {}, unit.code);
      return { unitCode: unit.code, unitName: unit.name, key };
    }),

  revokeDeviceKey: permittedProcedure('devices:manage')
    .input(z.object({ unitCode: z.string().trim().min(1).max(64) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      const unit = ctx.services.liveUnits.unitByCode(input.unitCode);
      if (!unit) throw new AppError('NOT_FOUND', 'error.notFound', `No unit ${input.unitCode}`, { what: input.unitCode });
      await ctx.services.liveUnits.revokeDeviceKey(unit.id);
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'admin.device_key_revoked', 'ok', ctx.ip, {}, unit.code);
      return { ok: true as const };
    }),

  auditLog: permittedProcedure('audit:read')
    .input(
      z.object({
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.number().int().positive().optional(),
        action: z.string().max(64).optional(),
        actor: z.string().max(64).optional(),
      }),
    )
    .output(z.array(auditEntryView))
    .query(({ ctx, input }) => ctx.services.auditLog.list({ ...input, beforeId: input.cursor }, ctx.user)),

  /** Recomputes the audit chain; names the first entry that does not match. The check itself is audited. */
  verifyAudit: permittedProcedure('audit:read')
    .output(z.object({ checked: z.number(), firstBrokenId: z.number().nullable() }))
    .mutation(({ ctx }) => ctx.services.auditLog.verify(ctx.user, ctx.ip)),

  auditRetention: permittedProcedure('audit:read')
    .output(z.object({ days: z.number(), minimum: z.number() }))
    .query(({ ctx }) => ctx.services.auditLog.retention()),

  setAuditRetention: permittedProcedure('audit:read')
    .input(
      z.object({
        days: z.number().int().min(MIN_RETENTION_DAYS, `至少 ${MIN_RETENTION_DAYS} 天 / at least ${MIN_RETENTION_DAYS} days`).max(3650),
      }),
    )
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auditLog.setRetention(ctx.user, ctx.ip, input.days);
      return { ok: true as const };
    }),
});
