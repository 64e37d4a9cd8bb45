/**
 * Who may do what. Permissions are named for the job, and each role gets only its own. The three
 * administrators are separated (三员分立, seed 002): the system administrator runs accounts and configuration,
 * the security administrator assigns roles and unlocks accounts, the audit administrator alone reads the audit
 * log; none of them can do another's job or the business work.
 */
export const ROLES = [
  'duty_officer',
  'dispatcher',
  'leader',
  'hotline_analyst',
  'field_unit',
  'fee_clerk',
  'knowledge_editor',
  'knowledge_reviewer',
  // 清费云 (issue 12)
  'fee_supervisor',
  'fee_payer',
  'collection_company',
  // 服务结算 (issue 17)
  'settlement_buyer',
  'settlement_reviewer',
  'settlement_supplier',
  // 数据采集/数据处理 (issue 15)
  'data_steward',
  // 市级指挥: the city-level command center, every district's wall and orders (issue 22)
  'city_commander',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'map:view' // the live command map, its layers, details and live positions
  | 'field:use' // the field unit's own phone app and position reporting
  | 'orders:view' // the order queue, an order's detail and timeline
  | 'orders:create' // register an order reported by phone, walk-in or the wall (intake by a person)
  | 'orders:dispatch' // review, dispatch, check, close, void and reopen orders; decide extensions
  | 'rules:propose' // propose a new version of the dispatch rules or an alarm threshold change
  | 'rules:approve' // approve or reject a proposed dispatch-rules version or alarm threshold change
  | 'alarms:handle' // acknowledge, clear and turn alarms into work orders
  | 'cockpit:view' // the disposal-center cockpit boards, equipment archive and hidden-danger ledger
  | 'cockpit:operate' // report hidden dangers, record inspections and energy rectifications at the disposal center
  | 'hotline:analyze' // 12345 ticket history: hotspots, drill-down, exports, preventive orders
  | 'hotline:import' // import 12345 ticket exports (CSV, XLSX)
  | 'summary:view' // the leaders' mobile summary
  | 'partners:operate' // see and replay failed reports to the linked platforms (区城运, 12345): operations, not business
  | 'users:manage' // create and disable accounts (system administrator)
  | 'devices:manage' // issue and withdraw the device keys trackers and phones report positions with (system administrator)
  | 'roles:assign' // assign roles, unlock accounts (security administrator)
  | 'audit:read' // read the audit log (audit administrator)
  | 'knowledge:edit' // write knowledge entries, import, propose publishing, work inspection tasks and unanswered questions
  | 'knowledge:review' // approve or return proposed knowledge entries against the checklist
  | 'knowledge:sensitive' // read entries marked sensitive in Q&A and through the terminal API
  // 清费云 (issue 12)
  | 'fees:review' // keep the payer register, review declarations, manage contracts, propose tariff changes (收费员)
  | 'fees:approve' // approve reviewed declarations into contracts, approve or reject tariff changes (收费审核员)
  | 'fees:declare' // a payer's own declarations and contracts (缴费单位)
  | 'fees:collect' // a collection company's own clearance work orders and volumes (清运单位)
  // 服务结算 (issue 17)
  | 'settlement:approve' // the bureau (采购单位): approve statements, payments and grade adjustments
  | 'settlement:review' // the third party (第三方支撑单位): review quantities, reports and scores, price unpriced lines
  | 'settlement:supply' // a supplier (供应商): its own contracts' reports, claims, evidence and objections
  | 'settlement:calendar' // enter or correct a year's official working-day calendar
  | 'facilities:steward'; // import, cleanse, edit and retire facility layers, undo import batches (数据管理员)

const grants: Record<Role, readonly Permission[]> = {
  duty_officer: [
    'map:view',
    'orders:view',
    'orders:create',
    'orders:dispatch',
    'rules:propose',
    'alarms:handle',
    'cockpit:view',
    'cockpit:operate',
  ],
  dispatcher: ['map:view', 'orders:view', 'orders:create', 'orders:dispatch', 'alarms:handle'],
  leader: ['map:view', 'orders:view', 'rules:approve', 'cockpit:view', 'hotline:analyze', 'summary:view', 'knowledge:sensitive'],
  hotline_analyst: ['map:view', 'orders:view', 'orders:create', 'hotline:analyze', 'hotline:import'],
  field_unit: ['field:use', 'cockpit:operate'],
  fee_clerk: ['fees:review'],
  knowledge_editor: ['knowledge:edit', 'knowledge:sensitive'],
  knowledge_reviewer: ['knowledge:review', 'knowledge:sensitive'],
  system_admin: ['users:manage', 'devices:manage', 'partners:operate', 'settlement:calendar'],
  security_admin: ['roles:assign'],
  audit_admin: ['audit:read'],
  fee_supervisor: ['fees:approve'],
  fee_payer: ['fees:declare'],
  collection_company: ['fees:collect'],
  settlement_buyer: ['settlement:approve', 'settlement:calendar'],
  settlement_reviewer: ['settlement:review'],
  settlement_supplier: ['settlement:supply'],
  data_steward: ['facilities:steward', 'map:view'],
  // Watches every district's wall and orders and steps in where one needs it (dispatches, handles alarms).
  city_commander: ['map:view', 'orders:view', 'orders:dispatch', 'alarms:handle', 'summary:view'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What a role may do, for the browser to show only what works (the server still checks every call). */
export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

/** The three administrators (三员): each signs in with a second factor, and can do nothing before enrolling one. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const needsTotp = (role: Role | null) => role !== null && ADMIN_ROLES.includes(role);
