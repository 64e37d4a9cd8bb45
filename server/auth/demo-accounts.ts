/**
 * Demo mode only: on first start (no users yet) creates one account per role with a random password and writes
 * them to a file in the data folder that only the server's user can read; the three administrators also get a TOTP
 * secret there (a fourth column), which an authenticator app or the e2e helper turns into codes. Production mode
 * creates none.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import type { AuthService } from './auth.service';
import { countUsers } from './auth.repository';
import { handlersOnShift } from '@/server/sim/demo-data.repository';
import { needsTotp } from '@/domain/auth/roles';
import { CITY_ROLES } from '@/domain/tenancy/district-scope';
import { newTotpSecret } from './totp';

/**
 * A person's (or organisation's) name only: the screens print the role beside it, so a name that repeats the role
 * reads "调度员 李强 · 调度员". A field account has no name of its own here: it is the person its handler unit names
 * (one source of truth, so the dispatcher's candidate and the phone's user are the same person).
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; displayName: string | null; role: Role }> = [
  { username: 'duty', displayName: '王敏', role: 'duty_officer' },
  { username: 'dispatcher', displayName: '李强', role: 'dispatcher' },
  { username: 'leader', displayName: '陈建国', role: 'leader' },
  { username: 'analyst', displayName: '周婷', role: 'hotline_analyst' },
  { username: 'field', displayName: null, role: 'field_unit' },
  // A second handler's phone: a reassignment (改派) moves an order from one phone to another.
  { username: 'field2', displayName: null, role: 'field_unit' },
  { username: 'fees', displayName: '刘芳', role: 'fee_clerk' },
  { username: 'editor', displayName: '赵磊', role: 'knowledge_editor' },
  { username: 'reviewer', displayName: '钱芳', role: 'knowledge_reviewer' },
  { username: 'sysadmin', displayName: '孙浩', role: 'system_admin' },
  { username: 'secadmin', displayName: '郑岚', role: 'security_admin' },
  { username: 'auditor', displayName: '冯涛', role: 'audit_admin' },
  // 清费云 (issue 12)
  { username: 'feesup', displayName: '孙丽', role: 'fee_supervisor' },
  { username: 'payer', displayName: '鑫源便利店', role: 'fee_payer' },
  { username: 'collector', displayName: '长宁环卫清运', role: 'collection_company' },
  { username: 'collector2', displayName: '沪西环境服务', role: 'collection_company' },
  // 服务结算 (issue 17)
  { username: 'buyer', displayName: '长宁区绿化市容局 计财科', role: 'settlement_buyer' },
  { username: 'thirdparty', displayName: '申信工程咨询', role: 'settlement_reviewer' },
  { username: 'supplier', displayName: '长宁城市服务有限公司', role: 'settlement_supplier' },
  { username: 'supplier2', displayName: '沪申数字政务运营', role: 'settlement_supplier' },
  // 数据采集/数据处理 (issue 15)
  { username: 'steward', displayName: '吴静', role: 'data_steward' },
  // 市级指挥 (issue 22): every district's wall and orders
  { username: 'city', displayName: '黄伟', role: 'city_commander' },
];

/** The person a staff unit names: the seed writes "<person> <kind label>" (db/seed/units.ts). */
export function personOfUnit(unitName: string): string {
  return unitName.split(' ')[0] || unitName;
}

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

/** The demo knowledge editors edit for the bureau's own departments (their 检查更新 tasks are sent to them). */
async function linkKnowledgeEditors(db: Kysely<Database>): Promise<void> {
  const editors = await db.selectFrom('users').select('id').where('role', '=', 'knowledge_editor').execute();
  const own = await db.selectFrom('knowledge_departments').select('id').where('own', '=', true).execute();
  const links = editors.flatMap((u) => own.map((d) => ({ department_id: d.id, user_id: u.id })));
  if (links.length) await db.insertInto('knowledge_department_editors').values(links).execute();
}

/** Returns the file path written, or null when users already exist. */
export async function createDemoAccounts(db: Kysely<Database>, auth: AuthService, dataDir: string): Promise<string | null> {
  const { n } = await countUsers(db);
  if (n > 0) return null;
  // Each field account is a real handler unit, so its phone's positions show on the wall as that unit; one on
  // shift, or no dispatcher could ever send it a task.
  const handlers = await handlersOnShift(db, DEMO_ACCOUNTS.filter((a) => a.role === 'field_unit').length);
  const lines = ['# OneMap demo accounts (demo mode only). user name <TAB> password <TAB> role <TAB> TOTP secret (administrators)'];
  for (const account of DEMO_ACCOUNTS) {
    const password = randomBytes(9).toString('base64url');
    const totpSecret = needsTotp(account.role) ? newTotpSecret() : null;
    const unit = account.role === 'field_unit' ? (handlers.shift() ?? null) : null;
    const displayName = account.displayName ?? (unit ? personOfUnit(unit.name) : account.username);
    // Every account works in the seeded district, but the city-level one, which belongs to none.
    const districtCode = CITY_ROLES.includes(account.role) ? { districtCode: null } : {};
    await auth.createUser({ ...account, displayName, password, totpSecret, unitId: unit?.id ?? null, ...districtCode });
    lines.push([account.username, password, account.role, ...(totpSecret ? [totpSecret] : [])].join('\t'));
  }
  await linkKnowledgeEditors(db);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DEMO_ACCOUNTS_FILE);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
