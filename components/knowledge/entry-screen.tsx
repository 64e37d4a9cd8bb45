'use client';
/**
 * One published knowledge entry as a reader sees it, laid out for a phone first: its answer and text, the source,
 * and the files it offers (a form to fill in, a sample) to download under their own names.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { AttachmentList } from './attachment-list';

export function EntryScreen({ entryId }: { entryId: number | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const entry = useQuery({ ...trpc.knowledge.entry.queryOptions({ entryId: entryId ?? 0 }), enabled: entryId !== null });
  const v = entry.data;
  return (
    <div className="mx-auto min-h-screen max-w-3xl text-slate-100">
      <header className="sticky top-0 z-10 flex items-center gap-2 border-b border-sky-400/25 bg-[#071426] px-4 py-3">
        <Link href="/knowledge/ask" className="text-sm text-sky-300 underline">
          {t('knowledge.ask.title')}
        </Link>
        <div className="ml-auto flex items-center gap-2 text-[0.8rem]">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      {(entryId === null || entry.error) && (
        <p role="alert" className="p-4 text-sm text-red-300">
          {entry.error ? errorMessage(entry.error) : t('knowledge.entry.notFound')}
        </p>
      )}
      {v && (
        <article className="space-y-3 p-4" data-testid="entry-view">
          <p className="text-xs text-slate-400">{t(`knowledge.type.${v.type}`)}</p>
          <h1 className="text-[1.2rem] font-bold text-sky-100" data-testid="entry-view-title">
            {v.title}
          </h1>
          {v.answer && <p className="whitespace-pre-wrap leading-relaxed">{v.answer}</p>}
          {v.body && <p className="whitespace-pre-wrap text-[0.95rem] leading-relaxed text-slate-300">{v.body}</p>}
          {v.attachments.length > 0 && (
            <section>
              <h2 className="mb-1 font-semibold">{t('knowledge.attachment.title')}</h2>
              <AttachmentList attachments={v.attachments} />
            </section>
          )}
          <p className="text-xs text-slate-400">
            {t('knowledge.ask.source')}：{v.department ?? t('knowledge.ask.noDepartment')}
            {v.sourceRef ? ` · ${v.sourceRef}` : ''}
            {v.validUntil ? ` · ${t('knowledge.ask.validUntil', { day: v.validUntil })}` : ''}
          </p>
        </article>
      )}
    </div>
  );
}
