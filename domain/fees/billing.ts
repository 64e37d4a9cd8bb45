/**
 * 清费云 bills (issue 16): a contract's monthly bill is paid in advance, by the DUE_DAY of the month it covers; an
 * overage supplement by the DUE_DAY of the month after. Money needs no rounding: every amount is a whole number of
 * 分 times a whole quantity, summed in 分. Pure.
 */
export const DUE_DAY = 15;

/** An unpaid bill is overdue from the day after its due date (Asia/Shanghai days, as yyyy-mm-dd). */
export function isOverdue(bill: { status: string; due_date: string }, today: string): boolean {
  return bill.status === 'open' && today > bill.due_date;
}

/** A bill is open until paid (online or by a written-off transfer); a refunded one is no longer owed. */
export const BILL_STATUSES = ['open', 'paid', 'refunded'] as const;
