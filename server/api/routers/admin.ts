/**
 * The three administrators' separate jobs (三员分立): accounts (system), roles and unlocking (security), and
 * reading the audit log (audit). Every change here is audited.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import * as users from '@/server/auth/auth.repository';
import { listAudit } from '@/server/audit/audit.repository';
import { MIN_RETENTION_DAYS, retentionDays, setRetentionDays, verifyAuditChain } from '@/server/audit/audit-chain';
import { ROLES } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';

const roleSchema = z.enum(ROLES);

export const adminRouter = router({
  users: permittedProcedure('users:manage').query(({ ctx }) => users.listUsers(ctx.services.db)),

  /** The security administrator sees the accounts to assign roles to, without managing them otherwise. */
  usersForRoles: permittedProcedure('roles:assign').query(({ ctx }) => users.listUsers(ctx.services.db)),

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
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.accounts.createAccount(ctx.user, ctx.ip, input)),

  assignRole: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.grantRole(ctx.user, ctx.ip, input.userId, input.role);
      return { ok: true };
    }),

  /** The caller's half of a new account's activation code (system or security administrator), shown once. */
  issueActivationHalf: permittedProcedure('users:manage', 'roles:assign')
    .input(z.object({ userId: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ctx.services.accounts.issueActivationHalf(ctx.user, ctx.ip, input.userId)),

  setActive: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), active: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new AppError('FORBIDDEN', 'error.forbidden', 'No one disables their own account');
      const result = await users.setUserActive(ctx.services.db, input.userId, input.active);
      if (!result.numUpdatedRows) throw new AppError('NOT_FOUND', 'error.notFound', 'No such user', { what: `user ${input.userId}` });
      await ctx.services.auth.audit(
        ctx.user.id,
        ctx.user.username,
        ctx.user.role,
        input.active ? 'admin.user_enabled' : 'admin.user_disabled',
        'ok',
        ctx.ip,
        {},
        String(input.userId),
      );
      return { ok: true };
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
    .mutation(async ({ ctx, input }) => {
      const unit = ctx.services.liveUnits.unitByCode(input.unitCode);
      if (!unit) throw new AppError('NOT_FOUND', 'error.notFound', `No unit ${input.unitCode}`, { what: input.unitCode });
      await ctx.services.liveUnits.revokeDeviceKey(unit.id);
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'admin.device_key_revoked', 'ok', ctx.ip, {}, unit.code);
      return { ok: true };
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
    .query(({ ctx, input }) => listAudit(ctx.services.db, { ...input, beforeId: input.cursor })),

  /** Recomputes the audit chain; names the first entry that does not match. The check itself is audited. */
  verifyAudit: permittedProcedure('audit:read').mutation(async ({ ctx }) => {
    const verdict = await verifyAuditChain(ctx.services.db);
    await ctx.services.auth.audit(
      ctx.user.id,
      ctx.user.username,
      ctx.user.role,
      'audit.verified',
      verdict.firstBrokenId ? 'failed' : 'ok',
      ctx.ip,
      { ...verdict },
    );
    return verdict;
  }),

  auditRetention: permittedProcedure('audit:read').query(async ({ ctx }) => ({
    days: await retentionDays(ctx.services.db),
    minimum: MIN_RETENTION_DAYS,
  })),

  setAuditRetention: permittedProcedure('audit:read')
    .input(
      z.object({
        days: z.number().int().min(MIN_RETENTION_DAYS, `至少 ${MIN_RETENTION_DAYS} 天 / at least ${MIN_RETENTION_DAYS} days`).max(3650),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await setRetentionDays(ctx.services.db, input.days);
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'audit.retention_set', 'ok', ctx.ip, {
        days: input.days,
      });
      return { ok: true };
    }),
});
