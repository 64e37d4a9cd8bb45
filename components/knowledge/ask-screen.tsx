'use client';
/**
 * 知识问答 for everyone signed in, laid out for a phone first (the field app links here): ask in one's own words,
 * read the best answers with the matched words marked and the source cited, download the forms and materials they
 * offer, say whether it helped. A question
 * without a good answer goes to the editors by itself.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { UserBadge } from '@/components/auth/user-badge';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { AttachmentList } from './attachment-list';
import { Highlighted } from './highlighted';

export function AskScreen() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState('');
  const [question, setQuestion] = useState('');
  const [rated, setRated] = useState<Record<number, boolean>>({});
  const answers = useQuery({ ...trpc.knowledge.ask.queryOptions({ question }), enabled: question.length > 0 });
  const feedback = useMutation(trpc.knowledge.feedback.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRated({});
    setQuestion(draft.trim());
  };
  const rate = (entryId: number, helpful: boolean) => {
    feedback.mutate({ entryId, question, helpful });
    setRated((r) => ({ ...r, [entryId]: helpful }));
  };

  return (
    <div className="mx-auto min-h-screen max-w-3xl text-slate-100">
      <header className="sticky top-0 z-10 flex items-center gap-2 border-b border-sky-400/25 bg-[#071426] px-4 py-3">
        <h1 className="text-[1.15rem] font-bold" data-testid="ask-title">
          {t('knowledge.ask.title')}
        </h1>
        <div className="ml-auto flex items-center gap-2 text-[0.8rem]">
          <LanguageSwitch />
          <UserBadge />
        </div>
      </header>
      <form onSubmit={submit} className="flex gap-2 p-4">
        <Input
          wide
          data-testid="ask-input"
          aria-label={t('knowledge.ask.placeholder')}
          placeholder={t('knowledge.ask.placeholder')}
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" variant="primary" size="md" disabled={draft.trim().length === 0}>
          {t('knowledge.ask.submit')}
        </Button>
      </form>
      {answers.error && (
        <p role="alert" className="px-4 text-sm text-red-300">
          {errorMessage(answers.error)}
        </p>
      )}
      {answers.data && !answers.data.answered && (
        <p className="px-4 text-sm text-amber-200" data-testid="ask-unanswered">
          {t('knowledge.ask.unanswered')}
        </p>
      )}
      <ol className="space-y-3 px-4 pb-8" data-testid="ask-answers">
        {answers.data?.hits.map((hit) => (
          <li key={hit.entryId} className="rounded-lg border border-sky-400/20 bg-[rgba(8,20,38,0.88)] p-3" data-testid="ask-answer">
            <h2 className="mb-1 font-semibold text-sky-100">
              <Link href={`/knowledge/entries/${hit.entryId}`} className="hover:underline" data-testid="ask-open-entry">
                <Highlighted runs={hit.title} />
              </Link>
            </h2>
            <p className="whitespace-pre-wrap text-[0.95rem] leading-relaxed">
              <Highlighted runs={hit.answer} />
            </p>
            {hit.attachments.length > 0 && (
              <div className="mt-2">
                <AttachmentList attachments={hit.attachments} />
              </div>
            )}
            <p className="mt-2 text-xs text-slate-400" data-testid="ask-source">
              {t('knowledge.ask.source')}：{hit.source.department ?? t('knowledge.ask.noDepartment')}
              {hit.source.reference ? ` · ${hit.source.reference}` : ''}
              {hit.source.validUntil ? ` · ${t('knowledge.ask.validUntil', { day: hit.source.validUntil })}` : ''}
              {hit.synthetic ? ` · ${t('knowledge.synthetic')}` : ''}
            </p>
            <div className="mt-2 flex gap-2 text-sm">
              {rated[hit.entryId] === undefined ? (
                <>
                  <Button size="sm" onClick={() => rate(hit.entryId, true)}>
                    {t('knowledge.ask.helpful')}
                  </Button>
                  <Button size="sm" variant="quiet" onClick={() => rate(hit.entryId, false)}>
                    {t('knowledge.ask.notHelpful')}
                  </Button>
                </>
              ) : (
                <span className="text-emerald-300">{t('knowledge.ask.thanks')}</span>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
