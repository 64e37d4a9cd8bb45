/** Where a role works: the wall for map users, the phone app for field units, the console for administrators. */
const ADMIN_PERMISSIONS = ['users:manage', 'roles:assign', 'audit:read'];

export function homePathFor(permissions: readonly string[]): string {
  if (permissions.includes('map:view')) return '/';
  if (permissions.includes('field:use')) return '/field';
  if (ADMIN_PERMISSIONS.some((p) => permissions.includes(p))) return '/admin';
  return '/';
}
