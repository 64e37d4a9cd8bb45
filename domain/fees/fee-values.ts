/**
 * 清费云 values shared by the server, the database types and the screens: waste types, declaration states and
 * the contract lifecycle (one state table, so every transition is decided in one place).
 */
export const WASTE_TYPES = ['kitchen', 'residual', 'bulky', 'construction'] as const;
export type WasteType = (typeof WASTE_TYPES)[number];

export const PAYER_KINDS = ['shop', 'office', 'institution'] as const;
export type PayerKind = (typeof PAYER_KINDS)[number];
export type PayerStatus = 'pending' | 'verified' | 'suspended';

export const DECLARATION_STATUSES = ['draft', 'submitted', 'returned', 'reviewed', 'approved'] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export const CONTRACT_STATUSES = ['draft', 'active', 'renewal_due', 'renewed', 'terminated', 'expired'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export type TariffUnit = 'bin240' | 'tonne';

export type ContractAction = 'activate' | 'mark_renewal_due' | 'renew' | 'terminate' | 'expire';

/** From which states each action may start, and where it leads. */
const CONTRACT_TRANSITIONS: Record<ContractAction, { from: readonly ContractStatus[]; to: ContractStatus }> = {
  activate: { from: ['draft'], to: 'active' },
  mark_renewal_due: { from: ['active'], to: 'renewal_due' },
  renew: { from: ['active', 'renewal_due'], to: 'renewed' },
  terminate: { from: ['draft', 'active', 'renewal_due'], to: 'terminated' },
  expire: { from: ['active', 'renewal_due'], to: 'expired' },
};

/** The state an action leads to, or null when it may not start from `from`. */
export function contractTransition(from: ContractStatus, action: ContractAction): ContractStatus | null {
  const t = CONTRACT_TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

/** "2026-03" plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
