/**
 * The three administrators' separate jobs (三员分立): accounts (system), roles and unlocking (security), and
 * reading the audit log (audit). Every change here is audited.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';
import * as users from '@/server/auth/auth.repository';
import { listAudit } from '@/server/audit/audit.repository';
import { ROLES } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';

const roleSchema = z.enum(ROLES);
// Administrators are appointed by the security administrator's role assignment, not created by the system one.
const businessRoles = ROLES.filter((r) => !r.endsWith('_admin'));

export const adminRouter = router({
  users: permittedProcedure('users:manage').query(({ ctx }) => users.listUsers(ctx.services.db)),

  /** The security administrator sees the accounts to assign roles to, without managing them otherwise. */
  usersForRoles: permittedProcedure('roles:assign').query(({ ctx }) => users.listUsers(ctx.services.db)),

  createUser: permittedProcedure('users:manage')
    .input(
      z.object({
        username: z.string().trim().regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字或 _.- / 3–32 lower-case letters, digits or _.-'),
        displayName: z.string().trim().min(1).max(64),
        role: roleSchema,
        password: z.string().min(12, '密码至少 12 位 / at least 12 characters').max(256),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!businessRoles.includes(input.role)) {
        throw new AppError('FORBIDDEN', 'error.forbidden', 'The system administrator creates business accounts only');
      }
      if (await users.findUserByUsername(ctx.services.db, input.username)) {
        throw new AppError('CONFLICT', 'error.badInput', `User name ${input.username} is taken`, { detail: `用户名 ${input.username} 已存在` });
      }
      const { id } = await ctx.services.auth.createUser(input);
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'admin.user_created', 'ok', ctx.ip, { role: input.role }, input.username);
      return { id };
    }),

  assignRole: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new AppError('FORBIDDEN', 'error.forbidden', 'No one assigns their own role');
      const result = await users.updateUserRole(ctx.services.db, input.userId, input.role);
      if (!result.numUpdatedRows) throw new AppError('NOT_FOUND', 'error.notFound', 'No such user', { what: `user ${input.userId}` });
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'admin.role_assigned', 'ok', ctx.ip, { role: input.role }, String(input.userId));
      return { ok: true };
    }),

  setActive: permittedProcedure('roles:assign')
    .input(z.object({ userId: z.number().int().positive(), active: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new AppError('FORBIDDEN', 'error.forbidden', 'No one disables their own account');
      const result = await users.setUserActive(ctx.services.db, input.userId, input.active);
      if (!result.numUpdatedRows) throw new AppError('NOT_FOUND', 'error.notFound', 'No such user', { what: `user ${input.userId}` });
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, input.active ? 'admin.user_enabled' : 'admin.user_disabled', 'ok', ctx.ip, {}, String(input.userId));
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
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), cursor: z.number().int().positive().optional(), action: z.string().max(64).optional(), actor: z.string().max(64).optional() }))
    .query(({ ctx, input }) => listAudit(ctx.services.db, { ...input, beforeId: input.cursor })),
});
