/**
 * tRPC foundations: the request context (services + signed-in user), the error shape the browser reads, and
 * procedures that check the caller's role before anything else runs.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { containsNul, nulRefusal } from '@/server/http/nul';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { can, type Permission } from '@/domain/auth/roles';
import { maskPhoneFields, seesPhoneNumbers } from '@/domain/privacy/mask';
import { AppError, isAppError } from '@/domain/errors';
import { logFor } from '@/server/ops/log';
import { NOTICE_ANSWER_WAIT_MS } from '@/server/realtime/notice-journal';

const log = logFor('trpc');

export interface TrpcContext {
  services: AppServices;
  user: SessionUser | null;
  sessionToken: string | undefined;
  ip: string | null;
  setCookie(value: string): void;
}

const trpcCodeOf = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (isAppError(cause)) {
      return { ...shape, message: cause.message, data: { ...shape.data, messageKey: cause.messageKey, params: cause.params } };
    }
    if (cause instanceof ZodError) {
      const detail = cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return { ...shape, message: detail, data: { ...shape.data, messageKey: 'error.badInput', params: { detail } } };
    }
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      return { ...shape, message: 'Internal error', data: { ...shape.data, messageKey: 'error.generic', params: {}, stack: undefined } };
    }
    const key = error.code === 'UNAUTHORIZED' ? 'error.unauthorized' : error.code === 'FORBIDDEN' ? 'error.forbidden' : 'error.generic';
    return { ...shape, data: { ...shape.data, messageKey: key, params: {} } };
  },
});

/** AppErrors thrown by services become tRPC errors with the matching code; anything else is logged in full. */
const translateErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isAppError(cause)) {
      throw new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') log.error(`${path} failed`, cause ?? result.error);
  }
  return result;
});

/** A NUL character in any input is a clear 400 (server/http/nul.ts), before any procedure sees it. */
const refuseNul = t.middleware(async ({ next, getRawInput }) => {
  if (containsNul(await getRawInput())) {
    const cause = nulRefusal();
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  return next();
});

/**
 * A change is answered once the live notices it caused are journaled (at most 3 s: the database away), so an
 * acknowledged change's notice survives a process killed right after answering (notice-journal.ts).
 */
const answerAfterNotices = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (type === 'mutation') await ctx.services.noticeJournal?.settled(NOTICE_ANSWER_WAIT_MS);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(refuseNul).use(translateErrors).use(answerAfterNotices);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  const result = await next({ ctx: { ...ctx, user: ctx.user } });
  // Phone numbers leave in full only for the roles that call people back (domain/privacy/mask.ts).
  if (result.ok && !seesPhoneNumbers(ctx.user.role)) return { ...result, data: maskPhoneFields(result.data) };
  return result;
});

/** A procedure only callers holding `permission` (or one of `orOthers`) may reach; refusals are audited. */
export function permittedProcedure(permission: Permission, ...orOthers: Permission[]) {
  const permissions = [permission, ...orOthers];
  return authedProcedure.use(async ({ ctx, next, path }) => {
    if (ctx.user.mustEnrolTotp) {
      const cause = new AppError('FORBIDDEN', 'error.totpEnrolFirst', 'Enrol a one-time code (TOTP) on the account page first');
      throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
    }
    if (!permissions.some((p) => can(ctx.user.role, p))) {
      await ctx.services.auth.audit(ctx.user.id, ctx.user.username, ctx.user.role, 'access.denied', 'denied', ctx.ip, {
        path,
        permission: permissions.join('|'),
      });
      throw new TRPCError({ code: 'FORBIDDEN', message: `Role ${ctx.user.role} lacks ${permissions.join(' or ')}` });
    }
    return next();
  });
}
