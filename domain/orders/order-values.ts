/**
 * The enumerated values of a work order, defined once for the database schema, the server's rules and the
 * screens: where an order comes from, which state it is in, where it stands against its deadline, and what an
 * attached photo or document is for.
 */
export const ORDER_SOURCES = ['hotline_12345', 'city_ops', 'patrol', 'sensor', 'open311'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/** Every state of an order's life; the moves between them are in `lifecycle.ts`. */
export const ORDER_STATUSES = [
  'received',
  'reviewing',
  'awaiting_dispatch',
  'dispatched',
  'accepted',
  'in_progress',
  'awaiting_check',
  'closed',
  'returned',
  'voided',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** States in which the order still needs someone to act. */
export const OPEN_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => s !== 'closed' && s !== 'voided');

export const DEADLINE_STATES = ['ok', 'nearing', 'overdue'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export const ATTACHMENT_PURPOSES = ['report', 'before', 'after', 'evidence', 'other'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];
