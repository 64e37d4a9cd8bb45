/** All SQL of users and sessions. */
import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '@/db/schema';

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

export function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'active', 'unit_id', 'created_at', 'staff_no'])
    .select((eb) => [eb('password_hash', 'is not', null).as('activated'), eb('totp_secret', 'is not', null).as('totp_enrolled')])
    .orderBy('id')
    .execute();
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
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active'])
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
