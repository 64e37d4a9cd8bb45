'use client';
/**
 * Importing a spreadsheet (CSV or XLSX) through the shared importer: choose the file, check it (every problem
 * listed by row and column), then import it whole — refused while any row has a problem — or only the rows without
 * problems. One control for every import (12345 exports, clearance volumes); each passes its mutation, its
 * catalogue prefix (<prefix>.file, .check, .all, .valid, .checked, .done, .row, .column, .problem) and its test ids.
 */
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FilePicker } from '@/components/ui/file-picker';
import { fileToBase64 } from '@/components/ui/file-to-base64';

export interface ImportReport {
  rows: number;
  validRows: number;
  imported: number;
  badRows: number;
  errors: Array<{ row: number; column: string; message: string }>;
  errorCount: number;
}

export type ImportRequest = { fileName: string; base64: string; mode: 'check' | 'all' | 'valid' };

export function SpreadsheetImport<R extends ImportReport>({
  run,
  messagePrefix,
  testIdPrefix,
  extra,
  children,
}: {
  run: UseMutationResult<R, unknown, ImportRequest>;
  messagePrefix: string;
  testIdPrefix: string;
  /** Beside the buttons (a hint on the columns, a close button). */
  extra?: ReactNode;
  /** Under the summary: what else this import reports (overages). */
  children?: (report: R) => ReactNode;
}) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const report = run.data;
  const m = (key: string, params?: Record<string, string | number>) => t(`${messagePrefix}.${key}`, params);
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <FilePicker
          accept=".csv,.xlsx"
          testId={`${testIdPrefix}-file`}
          label={m('file')}
          onChoose={async (chosen) => {
            run.reset();
            setFile(chosen ? { fileName: chosen.name, base64: await fileToBase64(chosen) } : null);
          }}
        />
        <Button
          data-testid={`${testIdPrefix}-check`}
          disabled={!file || run.isPending}
          variant="outline"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'check' })}
        >
          {m('check')}
        </Button>
        <Button
          data-testid={`${testIdPrefix}-all`}
          disabled={!file || run.isPending || !report || report.imported > 0}
          variant="confirm"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'all' })}
        >
          {m('all')}
        </Button>
        <Button
          data-testid={`${testIdPrefix}-valid`}
          disabled={!file || run.isPending || !report || report.validRows === 0 || report.imported > 0}
          variant="warn"
          size="sm"
          onClick={() => file && run.mutate({ ...file, mode: 'valid' })}
        >
          {m('valid', { n: report?.validRows ?? 0 })}
        </Button>
        {extra}
      </div>
      {run.error ? (
        <p role="alert" className="mt-1 text-red-300">
          {errorMessage(run.error)}
        </p>
      ) : null}
      {report ? (
        <div className="mt-1" data-testid={`${testIdPrefix}-report`}>
          <p
            data-testid={`${testIdPrefix}-summary`}
            className={report.imported > 0 ? 'text-emerald-300' : report.errorCount ? 'text-amber-300' : 'text-slate-200'}
          >
            {report.imported > 0
              ? m('done', { imported: report.imported, skipped: report.badRows })
              : m('checked', { rows: report.rows, valid: report.validRows, bad: report.badRows })}
          </p>
          {children?.(report)}
          {report.errors.length ? (
            <div className="mt-1 max-h-[10rem] overflow-y-auto">
              <table data-testid={`${testIdPrefix}-errors`} className="w-full text-left text-[0.8rem]">
                <thead className="text-slate-400">
                  <tr>
                    <th className="w-[5rem]">{m('row')}</th>
                    <th className="w-[8rem]">{m('column')}</th>
                    <th>{m('problem')}</th>
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
    </>
  );
}
