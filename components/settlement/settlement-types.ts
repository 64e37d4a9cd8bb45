/** Data types of the settlement screen, inferred from the router (row types never reach React). */
import type { RouterOutputs } from '@/components/trpc/router-outputs';

export type ContractSummary = RouterOutputs['settlement']['contracts'][number];
export type LedgerRow = RouterOutputs['settlement']['ledger'][number];
export type ReportRow = RouterOutputs['settlement']['reports'][number];
export type PaymentRow = RouterOutputs['settlement']['payments'][number];
