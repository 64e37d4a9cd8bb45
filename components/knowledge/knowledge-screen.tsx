'use client';
/**
 * /knowledge for editors and reviewers: a new entry with similar ones beside it, 采集 from documents and 12345
 * replies, the review queue, inspection tasks (检查更新), unanswered questions, statistics.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useSession } from '@/components/auth/use-session';
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useTRPC } from '@/components/trpc/client';
import { NoAccess } from '@/components/ui/no-access';
import { CollectPanel } from './collect-panel';
import { EntryForm } from './entry-form';
import { InspectionTasks } from './inspection-tasks';
import { KnowledgeStats } from './knowledge-stats';
import { ReviewQueue } from './review-queue';

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Unanswered() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const open = useQuery(trpc.knowledge.unanswered.queryOptions({ status: 'open' }));
  if (!open.data?.length) return <p className="text-sm text-slate-400">{t('knowledge.unanswered.empty')}</p>;
  return (
    <ul className="space-y-1 text-sm">
      {open.data.map((u) => (
        <li key={u.id}>
          {u.question} <span className="text-slate-400">{t('knowledge.unanswered.asked', { n: u.asked })}</span>
        </li>
      ))}
    </ul>
  );
}

export function KnowledgeScreen() {
  const { t } = useI18n();
  const { user, can } = useSession();
  if (!user) return <div className="min-h-screen" />;
  const editor = can('knowledge:edit');
  const reviewer = can('knowledge:review');
  return (
    <div className="min-h-screen text-slate-100">
      <header className="flex items-center gap-3 border-b border-slate-700 px-4 py-3">
        <h1 className="text-xl font-bold" data-testid="knowledge-title">
          {t('knowledge.title')}
        </h1>
        <Link href="/knowledge/ask" className="text-sm text-sky-300 underline">
          {t('knowledge.ask.title')}
        </Link>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      {!editor && !reviewer ? (
        <NoAccess messageKey="knowledge.noAccess" testId="knowledge-no-access" className="p-6 text-slate-300" />
      ) : (
        <main className="grid gap-4 p-4">
          {editor && (
            <Section title={t('knowledge.new')} testId="knowledge-new">
              <EntryForm />
            </Section>
          )}
          {editor && (
            <Section title={t('knowledge.collect.title')} testId="knowledge-collect">
              <CollectPanel />
            </Section>
          )}
          <Section title={t('knowledge.review.title')} testId="knowledge-queue">
            <ReviewQueue />
          </Section>
          <Section title={t('knowledge.inspect.title')} testId="knowledge-inspections">
            <InspectionTasks />
          </Section>
          <Section title={t('knowledge.unanswered.title')} testId="knowledge-unanswered">
            <Unanswered />
          </Section>
          <Section title={t('knowledge.stats.title')} testId="knowledge-stats">
            <KnowledgeStats />
          </Section>
        </main>
      )}
    </div>
  );
}
