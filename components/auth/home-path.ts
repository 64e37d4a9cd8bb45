/** Where a role works: 12345 analysis for hotline analysts, 清费云 for the fee roles, the wall for map users, the phone app for field units, the console for administrators. */
const ADMIN_PERMISSIONS = ['users:manage', 'roles:assign', 'audit:read'];

export function homePathFor(permissions: readonly string[]): string {
  // Hotline analysts (the one role that imports 12345 exports) work on the analysis screen.
  if (permissions.includes('hotline:import')) return '/hotline';
  // 清费云's own roles (clerks, supervisors, payers, collection companies) work in it.
  if (permissions.some((p) => p.startsWith('fees:'))) return '/fees';
  // 服务结算's roles (the bureau, the third party, suppliers) work in it.
  if (['settlement:approve', 'settlement:review', 'settlement:supply'].some((p) => permissions.includes(p))) return '/settlement';
  // The data steward (数据管理员) works on the facility import screen.
  if (permissions.includes('facilities:steward')) return '/data/import';
  if (permissions.includes('map:view')) return '/';
  if (permissions.includes('field:use')) return '/field';
  if (ADMIN_PERMISSIONS.some((p) => permissions.includes(p))) return '/admin';
  return '/';
}
