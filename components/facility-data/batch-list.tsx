'use client';
/** The import batches, newest first, each undoable as a whole with a reason (kept on the batch and in the history). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';

export function BatchList() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const batches = useQuery(trpc.facilityData.batches.queryOptions());
  const [undoing, setUndoing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const undo = useMutation(
    trpc.facilityData.undo.mutationOptions({
      onSuccess: () => {
        setUndoing(null);
        setReason('');
        void queryClient.invalidateQueries({ queryKey: trpc.facilityData.pathKey() });
      },
    }),
  );
  return (
    <Panel title={t('dataImport.batches')} testId="data-batches" bodyClassName="overflow-x-auto p-3 text-[0.85rem]">
      {undo.error ? (
        <p role="alert" className="mb-2 text-red-300">
          {errorMessage(undo.error)}
        </p>
      ) : null}
      <table className="w-full min-w-[48rem] text-left">
        <thead className="text-slate-400">
          <tr>
            <th>#</th>
            <th>{t('dataImport.batch.when')}</th>
            <th>{t('dataImport.batch.who')}</th>
            <th>{t('dataImport.batch.source')}</th>
            <th>{t('dataImport.batch.file')}</th>
            <th>{t('dataImport.batch.counts')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(batches.data ?? []).map((b) => (
            <tr key={b.id} data-batch={b.id} className="border-t border-sky-400/10 align-top">
              <td>{b.id}</td>
              <td>{formatDateTime(b.createdAt, locale)}</td>
              <td>{b.actorName}</td>
              <td>{b.source}</td>
              <td>{b.channel === 'push' ? t('dataImport.batch.push') : b.fileName}</td>
              <td>{[b.inserted, b.updated, b.merged, b.retired, b.skipped].join(' / ')}</td>
              <td>
                {b.undoneAt ? (
                  <span className="text-slate-400">
                    {t('dataImport.batch.undone', { who: b.undoneBy ?? '', reason: b.undoReason ?? '' })}
                  </span>
                ) : undoing === b.id ? (
                  <span className="flex gap-1">
                    <Input
                      size="xs"
                      aria-label={t('dataImport.undoReason')}
                      placeholder={t('dataImport.undoReason')}
                      data-testid="data-undo-reason"
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <Button
                      size="xs"
                      variant="danger"
                      data-testid="data-undo-confirm"
                      disabled={reason.trim().length < 2 || undo.isPending}
                      onClick={() => undo.mutate({ batchId: b.id, reason })}
                    >
                      {t('dataImport.undoConfirm')}
                    </Button>
                  </span>
                ) : (
                  <Button size="xs" variant="outline" data-testid={`data-undo-${b.id}`} onClick={() => (undo.reset(), setUndoing(b.id))}>
                    {t('dataImport.batch.undo')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
