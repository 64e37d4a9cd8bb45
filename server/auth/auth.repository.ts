/** All SQL of users and sessions. */
import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

export function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function insertUser(db: Kysely<Database>, user: NewUser) {
  return db.insertInto('users').values(user).returning(['id']).executeTakeFirstOrThrow();
}

export function countUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
}

/** The scope's accounts (every one city-wide) with their district's name. */
export function listUsers(db: Kysely<Database>, scope: DistrictScope = CITY_SCOPE) {
  return db
    .selectFrom('users')
    .leftJoin('districts', 'districts.code', 'users.district_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
      'users.unit_id',
      'users.created_at',
      'users.staff_no',
      'users.district_code',
      'districts.name as district_name',
    ])
    .select((eb) => [
      eb('users.password_hash', 'is not', null).$castTo<boolean>().as('activated'),
      eb('users.totp_secret', 'is not', null).$castTo<boolean>().as('totp_enrolled'),
    ])
    .where(districtInScope('users.district_code', scope))
    .orderBy('users.id')
    .execute();
}

/** An account if it is within the scope: an administrator acts on their own district's people only. */
export function findUserInScope(db: Kysely<Database>, id: number, scope: DistrictScope): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where(districtInScope('district_code', scope)).executeTakeFirst();
}

/** The districts within the scope (code and name), for choosing a new account's district. */
export function districtsInScope(db: Kysely<Database>, scope: DistrictScope) {
  let query = db.selectFrom('districts').select(['code', 'name']).orderBy('code');
  if (scope.kind === 'district') query = query.where('code', '=', scope.code);
  return query.execute();
}

export function updateUserRole(db: Kysely<Database>, id: number, role: Role) {
  return db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst();
}

export function setUserActive(db: Kysely<Database>, id: number, active: boolean) {
  return db.updateTable('users').set({ active }).where('id', '=', id).executeTakeFirst();
}

export function insertSession(db: Kysely<Database>, id: string, userId: number, expiresAt: Date, ip: string | null) {
  return db.insertInto('sessions').values({ id, user_id: userId, expires_at: expiresAt, ip }).execute();
}

export function listSessions(db: Kysely<Database>, userId: number, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'expires_at', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export function deleteUserSession(db: Kysely<Database>, userId: number, sessionId: string) {
  return db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The roles already held by the other accounts of the person with this staff number. */
export async function rolesOfPerson(db: Kysely<Database>, staffNo: string, exceptUserId: number): Promise<Role[]> {
  const rows = await db
    .selectFrom('users')
    .select('role')
    .where('staff_no', '=', staffNo)
    .where('id', '!=', exceptUserId)
    .where('role', 'is not', null)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.role!);
}

export function findSessionUser(db: Kysely<Database>, sessionId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active', 'users.district_code'])
    .select('users.totp_secret')
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export function deleteSession(db: Kysely<Database>, sessionId: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function deleteExpiredSessions(db: Kysely<Database>, now: Date) {
  return db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

type ActivationSide = 'system_half_hash' | 'security_half_hash';

/** Stores one administrator's half of a new account's activation code (replacing that half only). */
export async function upsertActivationHalf(db: Kysely<Database>, userId: number, side: ActivationSide, hash: string, expiresAt: Date) {
  await db
    .insertInto('user_activations')
    .values({ user_id: userId, [side]: hash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ [side]: hash, expires_at: expiresAt }))
    .execute();
}

export function findActivation(db: Kysely<Database>, userId: number) {
  return db.selectFrom('user_activations').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Sets the new account's own password and spends its activation code, together. */
export async function completeActivation(db: Kysely<Database>, userId: number, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await trx.deleteFrom('user_activations').where('user_id', '=', userId).execute();
  });
}

export async function setPendingTotp(db: Kysely<Database>, userId: number, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
}

export async function confirmPendingTotp(db: Kysely<Database>, userId: number, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_pending_secret: null }).where('id', '=', userId).execute();
}
