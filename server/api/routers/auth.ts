import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { clearedCookie, sessionCookie } from '@/server/auth/cookies';
import { permissionsOf } from '@/domain/auth/roles';
import type { SessionUser } from '@/server/auth/auth.service';

const withPermissions = (user: SessionUser) => ({ ...user, permissions: [...permissionsOf(user.role)] });

const sessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitId: z.number().nullable(),
  permissions: z.array(z.string()),
});

export const authRouter = router({
  signIn: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1, '请输入用户名 / user name required').max(64),
        password: z.string().min(1, '请输入密码 / password required').max(256),
      }),
    )
    .output(sessionUser)
    .mutation(async ({ ctx, input }) => {
      const { token, user, expiresAt } = await ctx.services.auth.signIn(input.username, input.password, ctx.ip);
      ctx.setCookie(sessionCookie(SESSION_COOKIE, token, expiresAt, ctx.services.config.SECURE_COOKIES));
      return withPermissions(user);
    }),

  signOut: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await ctx.services.auth.signOut(ctx.sessionToken, ctx.user, ctx.ip);
    ctx.setCookie(clearedCookie(SESSION_COOKIE));
    return { ok: true as const };
  }),

  me: publicProcedure.output(sessionUser.nullable()).query(({ ctx }) => (ctx.user ? withPermissions(ctx.user) : null)),
});
