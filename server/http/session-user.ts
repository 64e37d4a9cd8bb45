/** The signed-in user of a raw HTTP request, required to hold one of the given permissions. */
import type { IncomingMessage } from 'node:http';
import { type AuthService, SESSION_COOKIE, type SessionUser } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { can, type Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';

export async function requireUserWithAny(
  req: IncomingMessage,
  auth: Pick<AuthService, 'userForToken'>,
  permissions: readonly Permission[],
): Promise<SessionUser> {
  const user = await requireSignedIn(req, auth);
  if (!permissions.some((p) => can(user.role, p))) {
    throw new AppError('FORBIDDEN', 'error.forbidden', `Role ${user.role} needs one of ${permissions.join(', ')}`);
  }
  return user;
}

/** The signed-in user of a raw HTTP request, whatever their role (what everyone signed in may read), else 401/403. */
export async function requireSignedIn(req: IncomingMessage, auth: Pick<AuthService, 'userForToken'>): Promise<SessionUser> {
  const user = await auth.userForToken(readCookie(req.headers.cookie, SESSION_COOKIE));
  if (!user) throw new AppError('UNAUTHORIZED', 'error.unauthorized', 'Sign in first');
  if (user.mustEnrolTotp) throw new AppError('FORBIDDEN', 'error.totpEnrolFirst', 'Enrol a one-time code (TOTP) on the account page first');
  return user;
}
