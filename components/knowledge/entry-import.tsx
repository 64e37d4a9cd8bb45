'use client';
/**
 * 批量导入 on /knowledge: a spreadsheet of entries is checked first (nothing written), its problems shown by row
 * and its rows resembling stored entries flagged; then every row (only when none has a problem) or only the good
 * rows are imported as drafts.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FilePicker } from '@/components/ui/file-picker';
import { fileToBase64 } from '@/components/ui/file-to-base64';

export function EntryImport() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const run = useMutation(trpc.knowledge.importEntries.mutationOptions());
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const choose = async (chosen: File | null) => {
    if (!chosen) return;
    const next = { fileName: chosen.name, base64: await fileToBase64(chosen) };
    setFile(next);
    run.mutate({ ...next, mode: 'check' });
  };
  const report = run.data;
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t('knowledge.entryImport.title')}</h3>
      <p className="text-slate-400">{t('knowledge.entryImport.columns')}</p>
      <FilePicker accept=".xlsx,.csv" testId="entry-import-file" label={t('knowledge.entryImport.fileLabel')} onChoose={choose} />
      {run.isPending && <p className="text-slate-400">{t('knowledge.collect.importing')}</p>}
      {run.error && (
        <p role="alert" className="text-red-300">
          {errorMessage(run.error)}
        </p>
      )}
      {report && (
        <div className="space-y-1" data-testid="entry-import-report">
          <p>
            {t('knowledge.entryImport.summary', {
              rows: report.rows,
              valid: report.validRows,
              bad: report.badRows,
              imported: report.imported,
            })}
          </p>
          <ul className="max-h-48 overflow-y-auto text-red-300">
            {report.errors.map((e, i) => (
              <li key={i}>{t('knowledge.entryImport.error', { row: e.row, column: e.column, message: e.message })}</li>
            ))}
          </ul>
          {report.errorCount > report.errors.length && (
            <p className="text-slate-400">{t('knowledge.entryImport.more', { count: report.errorCount - report.errors.length })}</p>
          )}
          <ul className="max-h-48 overflow-y-auto">
            {report.duplicates.map((d) => (
              <li key={d.row}>
                {t('knowledge.entryImport.similar', { row: d.row, title: d.title })}{' '}
                {d.similar.map((s) => (
                  <span key={s.entryId} className="mr-2">
                    {s.title} <span className="text-amber-300">{t('knowledge.similarity', { percent: Math.round(s.score * 100) })}</span>
                  </span>
                ))}
              </li>
            ))}
          </ul>
          {file && report.imported === 0 && report.validRows > 0 && (
            <div className="flex gap-2">
              <Button size="sm" disabled={run.isPending || report.badRows > 0} onClick={() => run.mutate({ ...file, mode: 'all' })}>
                {t('knowledge.entryImport.all')}
              </Button>
              <Button size="sm" variant="secondary" disabled={run.isPending} onClick={() => run.mutate({ ...file, mode: 'valid' })}>
                {t('knowledge.entryImport.valid')}
              </Button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
