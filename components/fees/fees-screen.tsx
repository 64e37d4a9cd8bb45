'use client';
/**
 * /fees, 清费云: one screen for every fee role, desk or phone. Each role gets its own tabs — the clerk and the
 * supervisor the to-dos, ledgers, clearance work, verification and the tariff; a payer its home, declarations and
 * contracts; a collection company its work orders and volume uploads. The server confines each to its own rows.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { NoAccess } from '@/components/ui/no-access';
import { WorkScreenHeader } from '@/components/ui/work-screen-header';
import { BillsPanel } from './bills-panel';
import { ClearancePanel } from './clearance-panel';
import { ContractLedger } from './contract-ledger';
import { DeclarationLedger } from './declaration-ledger';
import { FeeHome } from './fee-home';
import { InvoicesPanel } from './invoices-panel';
import { ReconciliationPanel } from './reconciliation-panel';
import { PartiesPanel } from './parties-panel';
import { StatisticsPanel } from './statistics-panel';
import { TariffPanel } from './tariff-panel';

export type FeeTab =
  'home' | 'declarations' | 'contracts' | 'bills' | 'invoices' | 'reconcile' | 'stats' | 'clearance' | 'parties' | 'tariff';

function tabsFor(can: (p: string) => boolean): FeeTab[] {
  if (can('fees:review'))
    return ['home', 'declarations', 'contracts', 'bills', 'invoices', 'reconcile', 'stats', 'clearance', 'parties', 'tariff'];
  if (can('fees:approve')) return ['home', 'declarations', 'contracts', 'bills', 'invoices', 'reconcile', 'stats', 'clearance', 'tariff'];
  if (can('fees:declare')) return ['home', 'bills', 'invoices', 'declarations', 'contracts', 'clearance'];
  if (can('fees:collect')) return ['home', 'clearance'];
  return [];
}

export function FeesScreen() {
  const { t } = useI18n();
  const { user, can } = useSession();
  const [tab, setTab] = useState<FeeTab>('home');
  if (!user) return <div className="min-h-screen" />;
  const tabs = tabsFor(can);
  return (
    <div className="min-h-screen bg-[#050b16] text-slate-100">
      <WorkScreenHeader title={t('fees.ui.title')} titleTestId="fees-title" current="/fees" />
      {tabs.length === 0 ? (
        <NoAccess messageKey="fees.ui.noAccess" testId="fees-no-access" className="p-6 text-slate-300" />
      ) : (
        <>
          <nav className="flex gap-1 overflow-x-auto border-b border-slate-700 px-2" aria-label={t('fees.ui.tabs')}>
            {tabs.map((key) => (
              <button
                key={key}
                type="button"
                data-testid={`fees-tab-${key}`}
                aria-current={tab === key ? 'page' : undefined}
                onClick={() => setTab(key)}
                className={`whitespace-nowrap px-3 py-2 text-[0.95rem] ${tab === key ? 'border-b-2 border-sky-400 text-sky-100' : 'text-slate-400 hover:text-slate-200'}`}
              >
                {t(`fees.ui.tab.${key}`)}
              </button>
            ))}
          </nav>
          <main className="mx-auto max-w-[96rem] p-3 md:p-5">
            {tab === 'home' && <FeeHome onOpen={setTab} />}
            {tab === 'declarations' && <DeclarationLedger />}
            {tab === 'contracts' && <ContractLedger />}
            {tab === 'bills' && <BillsPanel />}
            {tab === 'invoices' && <InvoicesPanel />}
            {tab === 'reconcile' && <ReconciliationPanel />}
            {tab === 'stats' && <StatisticsPanel />}
            {tab === 'clearance' && <ClearancePanel />}
            {tab === 'parties' && <PartiesPanel />}
            {tab === 'tariff' && <TariffPanel />}
          </main>
          <footer className="px-4 pb-4 text-[0.75rem] text-slate-500">
            {t('fees.ui.syntheticNote')} · <Link href="/login/phone">{t('fees.ui.registerLink')}</Link>
          </footer>
        </>
      )}
    </div>
  );
}
