/**
 * Roles no one person may combine (三员分立 and four-eyes approval). Checked whenever a role is granted, across all
 * accounts of the same person (工号), so that no one can propose and approve, or administer and audit, alone.
 */
import type { Role } from './roles';

export const CONFLICTING_ROLES: ReadonlyArray<readonly [Role, Role, string]> = [
  // rules:propose ↔ rules:approve: dispatch rules and alarm thresholds need a second person.
  ['duty_officer', 'leader', 'propose ↔ approve rule changes'],
  // knowledge:edit ↔ knowledge:review: a knowledge entry is published by someone other than its author.
  ['knowledge_editor', 'knowledge_reviewer', 'write ↔ review knowledge'],
  // fees:review ↔ fees:approve: a declaration and a tariff change need a clerk and a supervisor (清费云).
  ['fee_clerk', 'fee_supervisor', 'review ↔ approve fees'],
  // 服务结算: the bureau, its third-party reviewer and a supplier check each other; no one person is two of them.
  ['settlement_buyer', 'settlement_reviewer', 'approve ↔ review settlement'],
  ['settlement_buyer', 'settlement_supplier', 'pay ↔ be paid'],
  ['settlement_reviewer', 'settlement_supplier', 'review ↔ claim workload'],
  // The three administrators keep each other in check.
  ['system_admin', 'security_admin', 'accounts ↔ roles'],
  ['system_admin', 'audit_admin', 'administer ↔ audit'],
  ['security_admin', 'audit_admin', 'grant ↔ audit'],
  // An administrator does not also do the business work they could grant or hide.
  ...(
    [
      'duty_officer',
      'dispatcher',
      'leader',
      'hotline_analyst',
      'field_unit',
      'fee_clerk',
      'fee_supervisor',
      'knowledge_editor',
      'knowledge_reviewer',
      'settlement_buyer',
      'settlement_reviewer',
      'data_steward',
      'city_commander',
    ] as const
  ).flatMap((business) =>
    (['system_admin', 'security_admin', 'audit_admin'] as const).map((admin) => [admin, business, 'administer ↔ business'] as const),
  ),
];

/** The first conflict between `role` and any of `held`, or null. */
export function conflictOf(role: Role, held: readonly Role[]): { with: Role; reason: string } | null {
  for (const [a, b, reason] of CONFLICTING_ROLES) {
    if (a === role && held.includes(b)) return { with: b, reason };
    if (b === role && held.includes(a)) return { with: a, reason };
  }
  return null;
}
