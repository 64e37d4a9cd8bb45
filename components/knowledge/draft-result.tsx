'use client';
/**
 * A saved draft (typed in, imported from a document or a 12345 reply): its near-duplicates with their scores, each
 * with a merge that keeps this draft or the other entry (the other is withdrawn, its questions kept), then proposing
 * the kept version for review, with the files it offers (a form, a sample's photo).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { AttachmentEditor } from './attachment-editor';

export interface SavedDraft {
  entryId: number;
  version: number;
  duplicates: Array<{ entryId: number; title: string; score: number }>;
}

export function DraftResult({ saved, testId }: { saved: SavedDraft; testId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const merge = useMutation(trpc.knowledge.merge.mutationOptions());
  const propose = useMutation(
    trpc.knowledge.propose.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.knowledge.queue.queryKey() }),
    }),
  );
  // After a merge the version to propose is the kept entry's new one.
  const target = merge.data ?? { entryId: saved.entryId, version: saved.version };
  const error = merge.error ?? propose.error;
  return (
    <div className="space-y-2 text-sm" data-testid={testId}>
      <div data-testid="knowledge-similar">
        <h3 className="mb-1 font-semibold">{t('knowledge.similar')}</h3>
        {merge.data ? (
          <p className="text-emerald-300" data-testid="merge-done">
            {t('knowledge.merge.done', { version: merge.data.version })}
          </p>
        ) : saved.duplicates.length ? (
          <ul className="space-y-1">
            {saved.duplicates.map((d) => (
              <li key={d.entryId} className="flex flex-wrap items-center gap-2" data-testid="similar-item">
                <span>{d.title}</span>
                <span className="text-amber-300">{t('knowledge.similarity', { percent: Math.round(d.score * 100) })}</span>
                <Button
                  size="sm"
                  data-testid="merge-keep-this"
                  disabled={merge.isPending}
                  onClick={() => merge.mutate({ keepId: saved.entryId, dropId: d.entryId })}
                >
                  {t('knowledge.merge.keepThis')}
                </Button>
                <Button size="sm" disabled={merge.isPending} onClick={() => merge.mutate({ keepId: d.entryId, dropId: saved.entryId })}>
                  {t('knowledge.merge.keepOther')}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-400">{t('knowledge.noSimilar')}</p>
        )}
      </div>
      <AttachmentEditor key={`${target.entryId}:${target.version}`} {...target} editable={!propose.isSuccess} />
      {propose.isSuccess ? (
        <p className="text-emerald-300">{t('knowledge.proposed')}</p>
      ) : (
        <Button size="md" data-testid="entry-propose" disabled={propose.isPending} onClick={() => propose.mutate(target)}>
          {t('knowledge.propose')}
        </Button>
      )}
      {error && (
        <p role="alert" className="text-red-300">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
