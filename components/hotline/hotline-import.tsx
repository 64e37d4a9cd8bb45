'use client';
/**
 * Importing a 12345 export (CSV or XLSX): choose the file, check it (every problem listed by row and column),
 * then import it whole — refused while any row has a problem — or import only the rows without problems.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { fileToBase64 } from '@/components/ui/file-to-base64';

export function HotlineImport({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const run = useMutation(
    trpc.hotline.import.mutationOptions({
      onSuccess: (report) => {
        if (report.imported > 0) void queryClient.invalidateQueries({ queryKey: trpc.hotline.pathKey() });
      },
    }),
  );
  const report = run.data;

  return (
    <div
      data-testid="hotline-import"
      data-print-hide
      className="border-b border-sky-400/25 bg-slate-950/95 px-3 py-2 text-[0.85rem] text-slate-200"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold text-sky-100">{t('hotline.import.title')}</span>
        <input
          type="file"
          accept=".csv,.xlsx"
          data-testid="hotline-import-file"
          aria-label={t('hotline.import.file')}
          onChange={async (e) => {
            const chosen = e.target.files?.[0];
            run.reset();
            setFile(chosen ? { fileName: chosen.name, base64: await fileToBase64(chosen) } : null);
          }}
        />
        <Button
          data-testid="hotline-import-check"
          disabled={!file || run.isPending}
          variant="outline"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'check' })}
        >
          {t('hotline.import.check')}
        </Button>
        <Button
          data-testid="hotline-import-all"
          disabled={!file || run.isPending || !report || report.imported > 0}
          variant="confirm"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'all' })}
        >
          {t('hotline.import.all')}
        </Button>
        <Button
          data-testid="hotline-import-valid"
          disabled={!file || run.isPending || !report || report.validRows === 0 || report.imported > 0}
          variant="warn"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'valid' })}
        >
          {t('hotline.import.valid', { n: report?.validRows ?? 0 })}
        </Button>
        <span className="text-[0.75rem] text-slate-400">{t('hotline.import.columns')}</span>
        <Button onClick={onClose} variant="link" className="ml-auto">
          {t('hotline.hotspot.close')}
        </Button>
      </div>
      {run.error ? (
        <p role="alert" className="mt-1 text-red-300">
          {errorMessage(run.error)}
        </p>
      ) : null}
      {report ? (
        <div className="mt-1">
          <p
            data-testid="hotline-import-summary"
            className={report.imported > 0 ? 'text-emerald-300' : report.errorCount ? 'text-amber-300' : 'text-slate-200'}
          >
            {report.imported > 0
              ? t('hotline.import.done', { imported: report.imported, skipped: report.badRows })
              : t('hotline.import.checked', { rows: report.rows, valid: report.validRows, bad: report.badRows })}
          </p>
          {report.errors.length ? (
            <div className="mt-1 max-h-[10rem] overflow-y-auto">
              <table data-testid="hotline-import-errors" className="w-full text-left text-[0.8rem]">
                <thead className="text-slate-400">
                  <tr>
                    <th className="w-[5rem]">{t('hotline.import.row')}</th>
                    <th className="w-[8rem]">{t('hotline.import.column')}</th>
                    <th>{t('hotline.import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i} data-row={e.row} className="border-t border-sky-400/10">
                      <td>{e.row}</td>
                      <td>{e.column}</td>
                      <td className="text-red-200">{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
