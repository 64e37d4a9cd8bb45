'use client';
/** The home tab: the role's to-dos as tiles that open their list, and, for a payer or company, its standing. */
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import type { FeeTab } from './fees-screen';

/** Which tab each to-do opens. */
const TODO_TABS: Record<string, FeeTab> = {
  declarationsToReview: 'declarations',
  declarationsToApprove: 'declarations',
  partiesToVerify: 'parties',
  contractsToActivate: 'contracts',
  contractsRenewalDue: 'contracts',
  tariffProposals: 'tariff',
  draftDeclarations: 'declarations',
  billsToPay: 'bills',
  returnedDeclarations: 'declarations',
  ordersToAccept: 'clearance',
  ordersToReport: 'clearance',
};

export function FeeHome({ onOpen }: { onOpen(tab: FeeTab): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const todos = useQuery(trpc.fees.todos.queryOptions());
  if (!todos.data) return <p className="text-slate-400">{t('fees.ui.loading')}</p>;
  const { verified, ...counts } = todos.data;
  return (
    <section data-testid="fees-home" className="space-y-4">
      {verified === false ? (
        <p data-testid="fees-pending-verification" className="rounded border border-amber-400/50 bg-amber-900/20 p-3 text-amber-100">
          {t('fees.ui.awaitingVerification')}
        </p>
      ) : null}
      <h2 className="text-lg font-semibold">{t('fees.ui.todos')}</h2>
      <ul className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {Object.entries(counts).map(([key, n]) => (
          <li key={key}>
            <button
              type="button"
              data-testid={`fees-todo-${key}`}
              onClick={() => onOpen(TODO_TABS[key] ?? 'home')}
              className={`w-full rounded-lg border p-3 text-left ${Number(n) > 0 ? 'border-sky-400/60 bg-sky-900/30' : 'border-slate-700 bg-slate-900/60'}`}
            >
              <span className="block text-3xl font-bold tabular-nums">{Number(n)}</span>
              <span className="block text-[0.9rem] text-slate-300">{t(`fees.todo.${key}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
