'use client';
/** Importing a 12345 export (CSV or XLSX) through the shared import control; an import refreshes the analysis. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { SpreadsheetImport } from '@/components/ui/spreadsheet-import';

export function HotlineImport({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useMutation(
    trpc.hotline.import.mutationOptions({
      onSuccess: (report) => {
        if (report.imported > 0) void queryClient.invalidateQueries({ queryKey: trpc.hotline.pathKey() });
      },
    }),
  );
  return (
    <div
      data-testid="hotline-import"
      data-print-hide
      className="border-b border-sky-400/25 bg-slate-950/95 px-3 py-2 text-[0.85rem] text-slate-200"
    >
      <p className="mb-1 font-semibold text-sky-100">{t('hotline.import.title')}</p>
      <SpreadsheetImport
        run={run}
        messagePrefix="hotline.import"
        testIdPrefix="hotline-import"
        extra={
          <>
            <span className="text-[0.75rem] text-slate-400">{t('hotline.import.columns')}</span>
            <Button onClick={onClose} variant="link" className="ml-auto">
              {t('hotline.hotspot.close')}
            </Button>
          </>
        }
      />
    </div>
  );
}
