'use client';
/**
 * /settlement, 服务结算: one screen for the bureau (采购单位, approves), the third party (第三方支撑单位, reviews) and
 * the suppliers (供应商, each sees only its own contracts): the contract and its catalogue lines, the monthly
 * workload ledger with its evidence, the report calendar with what is late, the statements, the evaluation, the
 * payments and the working-day calendar. The server confines each to what it may see and do.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { NoAccess } from '@/components/ui/no-access';
import { WorkScreenHeader } from '@/components/ui/work-screen-header';
import { Select } from '@/components/ui/field';
import { CalendarYearsPanel } from './calendar-years-panel';
import { ContractPanel } from './contract-panel';
import { EvaluationPanel } from './evaluation-panel';
import { LedgerPanel } from './ledger-panel';
import { PaymentsPanel } from './payments-panel';
import { ReportsPanel } from './reports-panel';
import { StatementPanel } from './statement-panel';

type Tab = 'contract' | 'ledger' | 'reports' | 'statement' | 'evaluation' | 'payments' | 'workdays';

export function SettlementScreen() {
  const { t } = useI18n();
  const { user, can } = useSession();
  const trpc = useTRPC();
  const works = can('settlement:approve') || can('settlement:review') || can('settlement:supply');
  const contracts = useQuery({ ...trpc.settlement.contracts.queryOptions(), enabled: works });
  const [chosen, setChosen] = useState<number | null>(null);
  // The session may still be loading on the first render, so the opening tab is decided when it is known.
  const [picked, setTab] = useState<Tab | null>(null);
  const tab: Tab = picked ?? (works ? 'contract' : 'workdays');
  if (!user) return <div className="min-h-screen" />;
  const tabs: Tab[] = [...(works ? (['contract', 'ledger', 'reports', 'statement', 'evaluation', 'payments'] as const) : []), 'workdays'];
  const contract = contracts.data?.find((c) => c.id === chosen) ?? contracts.data?.[0] ?? null;
  const allowed = works || can('settlement:calendar');
  return (
    <div className="min-h-screen bg-[#050b16] text-slate-100">
      <WorkScreenHeader title={t('settlement.title')} titleTestId="settlement-title" current="/settlement" />
      {!allowed ? (
        <NoAccess messageKey="settlement.noAccess" testId="settlement-no-access" className="p-6 text-slate-300" />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-700 px-3 py-2">
            {works && contracts.data && contracts.data.length > 0 ? (
              <label className="flex min-w-0 items-center gap-2 text-[0.9rem]">
                <span className="whitespace-nowrap text-slate-300">{t('settlement.contract')}</span>
                <Select
                  data-testid="settlement-contract"
                  className="min-w-0 max-w-[80vw]"
                  value={contract?.id ?? ''}
                  onChange={(e) => setChosen(Number(e.target.value))}
                >
                  {contracts.data.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.code} {c.name}
                    </option>
                  ))}
                </Select>
              </label>
            ) : null}
            {works && contracts.data?.length === 0 ? <span className="text-slate-400">{t('settlement.noContracts')}</span> : null}
          </div>
          <nav className="flex gap-1 overflow-x-auto border-b border-slate-700 px-2" aria-label={t('settlement.tabs')}>
            {tabs.map((key) => (
              <button
                key={key}
                type="button"
                data-testid={`settlement-tab-${key}`}
                aria-current={tab === key ? 'page' : undefined}
                onClick={() => setTab(key)}
                className={`whitespace-nowrap px-3 py-2 text-[0.95rem] ${tab === key ? 'border-b-2 border-sky-400 text-sky-100' : 'text-slate-400 hover:text-slate-200'}`}
              >
                {t(`settlement.tab.${key}`)}
              </button>
            ))}
          </nav>
          <main className="mx-auto max-w-[110rem] p-3 md:p-5">
            {tab !== 'workdays' && contract ? (
              <>
                {tab === 'contract' && <ContractPanel contractId={contract.id} />}
                {tab === 'ledger' && <LedgerPanel contract={contract} />}
                {tab === 'reports' && <ReportsPanel contractId={contract.id} />}
                {tab === 'statement' && <StatementPanel contract={contract} />}
                {tab === 'evaluation' && <EvaluationPanel contractId={contract.id} />}
                {tab === 'payments' && <PaymentsPanel contractId={contract.id} />}
              </>
            ) : null}
            {tab === 'workdays' && <CalendarYearsPanel />}
          </main>
        </>
      )}
    </div>
  );
}
