'use client';
/** The reviewers' queue: each proposed version approved against the checklist or returned with a note. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';

const CHECKLIST = ['truthful', 'complete', 'safe', 'legitimateSource'] as const;
type Checklist = Record<(typeof CHECKLIST)[number], boolean>;
const NONE: Checklist = { truthful: false, complete: false, safe: false, legitimateSource: false };

function ReviewItem({ entryId, version, title, proposer }: { entryId: number; version: number; title: string; proposer: string | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [checklist, setChecklist] = useState<Checklist>(NONE);
  const [note, setNote] = useState('');
  const decide = useMutation(
    trpc.knowledge.decide.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.knowledge.queue.queryKey() }),
    }),
  );
  return (
    <li className="rounded border border-slate-700 p-3" data-testid="review-item">
      <div className="font-semibold">
        {title} <span className="text-xs text-slate-400">{t('knowledge.review.by', { version, name: proposer ?? '—' })}</span>
      </div>
      <div className="my-2 flex flex-wrap gap-3">
        {CHECKLIST.map((c) => (
          <label key={c} className="flex items-center gap-1">
            <input type="checkbox" checked={checklist[c]} onChange={(e) => setChecklist((s) => ({ ...s, [c]: e.target.checked }))} />
            {t(`knowledge.check.${c}`)}
          </label>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Input size="sm" placeholder={t('knowledge.review.note')} value={note} onChange={(e) => setNote(e.target.value)} />
        <Button
          variant="primary"
          data-testid="review-approve"
          onClick={() => decide.mutate({ entryId, version, approve: true, checklist, note: note.trim() || null })}
        >
          {t('knowledge.review.approve')}
        </Button>
        <Button variant="quiet" onClick={() => decide.mutate({ entryId, version, approve: false, checklist, note: note.trim() || null })}>
          {t('knowledge.review.return')}
        </Button>
      </div>
      {decide.error && (
        <p role="alert" className="mt-1 text-red-300" data-testid="review-error">
          {errorMessage(decide.error)}
        </p>
      )}
    </li>
  );
}

export function ReviewQueue() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queue = useQuery(trpc.knowledge.queue.queryOptions());
  if (!queue.data?.length) return <p className="text-slate-400">{t('knowledge.review.empty')}</p>;
  return (
    <ul className="space-y-2 text-sm" data-testid="review-queue">
      {queue.data.map((q) => (
        <ReviewItem
          key={`${q.entry_id}:${q.version}`}
          entryId={q.entry_id}
          version={q.version}
          title={q.title}
          proposer={q.proposed_by_name}
        />
      ))}
    </ul>
  );
}
