import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { clearedCookie, sessionCookie } from '@/server/auth/cookies';
import { permissionsOf } from '@/domain/auth/roles';
import type { SessionUser } from '@/server/auth/auth.service';

export const withPermissions = (user: SessionUser) => ({ ...user, permissions: [...permissionsOf(user.role)] });

export const sessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitId: z.number().nullable(),
  permissions: z.array(z.string()),
});

const ok = z.object({ ok: z.literal(true) });

export const authRouter = router({
  signIn: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1, '请输入用户名 / user name required').max(64),
        password: z.string().min(1, '请输入密码 / password required').max(256),
        totpCode: z.string().trim().max(12).optional(),
      }),
    )
    .output(sessionUser)
    .mutation(async ({ ctx, input }) => {
      const { token, user, expiresAt } = await ctx.services.auth.signIn(
        input.username,
        input.password,
        ctx.ip,
        input.totpCode || undefined,
      );
      ctx.setCookie(sessionCookie(SESSION_COOKIE, token, expiresAt, ctx.services.config.SECURE_COOKIES));
      return withPermissions(user);
    }),

  /** Sends a one-time code to a mainland mobile number (simulated SMS gateway; the demo answers with the code). */
  phoneCode: publicProcedure
    .input(z.object({ phone: z.string().trim().max(20) }))
    .output(z.object({ simulated: z.boolean(), demoCode: z.string().nullable(), resendInSeconds: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.phoneCodes.send(input.phone, ctx.ip)),

  /** Signs in by phone number and code; a number without an account answers { registered: false } and may register. */
  phoneSignIn: publicProcedure
    .input(z.object({ phone: z.string().trim().max(20), code: z.string().trim().min(1, '请输入验证码 / code required').max(12) }))
    .output(z.union([z.object({ registered: z.literal(false) }), z.object({ registered: z.literal(true), user: sessionUser })]))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.phoneCodes.signIn(input.phone, input.code, ctx.ip);
      if (!result.registered) return { registered: false as const };
      ctx.setCookie(sessionCookie(SESSION_COOKIE, result.token, result.expiresAt, ctx.services.config.SECURE_COOKIES));
      return { registered: true as const, user: withPermissions(result.user) };
    }),

  signOut: authedProcedure.output(ok).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await ctx.services.auth.signOut(ctx.sessionToken, ctx.user, ctx.ip);
    ctx.setCookie(clearedCookie(SESSION_COOKIE));
    return { ok: true as const };
  }),

  /** First sign-in of a new account: both halves of the activation code and the user's own password. */
  activate: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1, '请输入用户名 / user name required').max(64),
        systemHalf: z.string().trim().min(1, '请输入系统管理员给的半码 / system half required').max(32),
        securityHalf: z.string().trim().min(1, '请输入安全管理员给的半码 / security half required').max(32),
        password: z.string().min(1, '请输入新密码 / new password required').max(256),
      }),
    )
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.activate(ctx.ip, input);
      return { ok: true as const };
    }),

  sessions: authedProcedure
    .output(
      z.array(z.object({ id: z.string(), createdAt: z.date(), expiresAt: z.date(), ip: z.string().nullable(), current: z.boolean() })),
    )
    .query(({ ctx }) => ctx.services.auth.sessionsOf(ctx.user, ctx.sessionToken)),

  endSession: authedProcedure
    .input(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.endSession(ctx.user, input.id, ctx.ip);
      return { ok: true as const };
    }),

  totpStatus: authedProcedure
    .output(z.object({ enrolled: z.boolean(), required: z.boolean() }))
    .query(({ ctx }) => ctx.services.accounts.totpStatus(ctx.user)),
  beginTotp: authedProcedure
    .output(z.object({ secret: z.string(), uri: z.string() }))
    .mutation(({ ctx }) => ctx.services.accounts.beginTotp(ctx.user, ctx.ip)),
  confirmTotp: authedProcedure
    .input(
      z.object({
        code: z
          .string()
          .trim()
          .regex(/^\d{6}$/, '6 位数字 / 6 digits'),
      }),
    )
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.confirmTotp(ctx.user, ctx.ip, input.code);
      return { ok: true as const };
    }),

  me: publicProcedure.output(sessionUser.nullable()).query(({ ctx }) => (ctx.user ? withPermissions(ctx.user) : null)),
});
