'use client';
/**
 * /data/import, 数据采集 for the data steward: choose a facility file, name its source and declare its coordinate
 * system, check it (the cleansing report: what was unified and derived, each problem by row, likely duplicates with
 * the choice to merge, keep or skip, and a warning naming the likely coordinate system), then write all or only the
 * clean rows. Below, the import batches, each undoable as a whole with a reason.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { FilePicker } from '@/components/ui/file-picker';
import { fileToBase64 } from '@/components/ui/file-to-base64';
import { Panel } from '@/components/ui/panel';
import { DataShell } from './data-shell';
import { duplicateText, fixText, problemText } from './report-text';
import { BatchList } from './batch-list';

type Crs = 'wgs84' | 'gcj02' | 'bd09';
type Decision = 'merge' | 'new' | 'skip';

export function ImportScreen() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [source, setSource] = useState('');
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [duplicateMeters, setDuplicateMeters] = useState(20);
  const [nameSimilarity, setNameSimilarity] = useState(0.8);
  const [retireMissing, setRetireMissing] = useState(false);
  const [decisions, setDecisions] = useState<Record<number, Decision>>({});
  const subDistricts = useQuery(trpc.map.subDistricts.queryOptions());
  const sources = useQuery(trpc.facilityData.sources.queryOptions());
  const check = useMutation(trpc.facilityData.check.mutationOptions());
  const write = useMutation(
    trpc.facilityData.import.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.facilityData.pathKey() }),
    }),
  );
  const subDistrictName = useMemo(() => {
    const names = new Map((subDistricts.data ?? []).map((s) => [s.code, locale === 'en' ? s.nameEn : s.name]));
    return (code: string) => names.get(code) ?? code;
  }, [subDistricts.data, locale]);

  const request = file && {
    ...file,
    source,
    crs,
    duplicateMeters,
    nameSimilarity,
    retireMissing,
    decisions: Object.entries(decisions).map(([row, decision]) => ({ row: Number(row), decision })),
  };
  const report = write.data ?? check.data;
  const reset = () => {
    check.reset();
    write.reset();
  };

  return (
    <DataShell title={t('dataImport.title')} current="/data/import">
      <Panel title={t('dataImport.toImport')} bodyClassName="space-y-3 p-3 text-[0.9rem]">
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <span className="block text-slate-300">{t('dataImport.file')}</span>
            <FilePicker
              accept=".geojson,.json,.zip,.gpkg,.csv,.xlsx"
              testId="data-file"
              label={t('dataImport.file')}
              onChoose={async (chosen) => {
                reset();
                setDecisions({});
                setFile(chosen ? { fileName: chosen.name, base64: await fileToBase64(chosen) } : null);
                if (chosen && !source) setSource(chosen.name.replace(/\.[^.]+$/, ''));
              }}
            />
          </div>
          <label className="space-y-1">
            <span className="block text-slate-300">
              {t('dataImport.source')} <span className="text-slate-500">{t('dataImport.sourceHint')}</span>
            </span>
            <Input
              size="sm"
              list="data-sources"
              data-testid="data-source"
              value={source}
              onChange={(e) => (reset(), setSource(e.target.value))}
            />
            <datalist id="data-sources">
              {(sources.data ?? []).map((s) => (
                <option key={s.source} value={s.source} />
              ))}
            </datalist>
          </label>
          <label className="space-y-1">
            <span className="block text-slate-300">{t('dataImport.crs')}</span>
            <Select data-testid="data-crs" value={crs} onChange={(e) => (reset(), setCrs(e.target.value as Crs))}>
              {(['wgs84', 'gcj02', 'bd09'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`dataImport.crs.${c}`)}
                </option>
              ))}
            </Select>
          </label>
          <label className="space-y-1">
            <span className="block text-slate-300">{t('dataImport.duplicateMeters')}</span>
            <Input
              size="sm"
              type="number"
              min={1}
              max={500}
              value={duplicateMeters}
              onChange={(e) => (reset(), setDuplicateMeters(Number(e.target.value) || 20))}
            />
          </label>
          <label className="space-y-1">
            <span className="block text-slate-300">{t('dataImport.nameSimilarity')}</span>
            <Input
              size="sm"
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={nameSimilarity}
              onChange={(e) => (reset(), setNameSimilarity(Math.min(1, Math.max(0, Number(e.target.value)))))}
            />
          </label>
        </div>
        <label className="flex items-center gap-2 text-slate-300">
          <input type="checkbox" checked={retireMissing} onChange={(e) => (reset(), setRetireMissing(e.target.checked))} />
          {t('dataImport.retireMissing')}
        </label>
        <div className="flex flex-wrap gap-2">
          <Button
            data-testid="data-check"
            variant="outline"
            size="sm"
            disabled={!request || check.isPending}
            onClick={() => request && (write.reset(), check.mutate(request))}
          >
            {t('dataImport.check')}
          </Button>
          <Button
            data-testid="data-write-all"
            variant="confirm"
            size="sm"
            disabled={!request || !check.data || check.isPending || write.isPending || Boolean(write.data?.written?.batchId)}
            onClick={() => request && write.mutate({ ...request, mode: 'all' })}
          >
            {t('dataImport.writeAll')}
          </Button>
          <Button
            data-testid="data-write-valid"
            variant="warn"
            size="sm"
            disabled={
              !request ||
              !check.data ||
              check.isPending ||
              !check.data.cleanRows ||
              write.isPending ||
              Boolean(write.data?.written?.batchId)
            }
            onClick={() => request && write.mutate({ ...request, mode: 'valid' })}
          >
            {t('dataImport.writeValid', { n: check.data?.cleanRows ?? 0 })}
          </Button>
        </div>
        {check.error || write.error ? (
          <p role="alert" className="text-red-300">
            {errorMessage(write.error ?? check.error)}
          </p>
        ) : null}
        {report ? (
          <div data-testid="data-report" className="space-y-2">
            <p data-testid="data-summary" className="text-slate-200">
              {t('dataImport.summary', {
                rows: report.rows,
                clean: report.cleanRows,
                bad: report.problemRows,
                dup: report.duplicates,
                insert: report.actions.insert,
                update: report.actions.update,
                retire: report.actions.retire,
                unchanged: report.actions.unchanged,
              })}
            </p>
            {report.retireMissing ? (
              <p className="text-amber-200">{t('dataImport.retireMissingCount', { n: report.retireMissing })}</p>
            ) : null}
            {report.crsWarning ? (
              <p
                data-testid="data-crs-warning"
                role="alert"
                className="rounded border border-amber-400/50 bg-amber-900/30 p-2 text-amber-100"
              >
                {t('dataImport.crsWarning', {
                  points: report.crsWarning.points,
                  declared: t(`dataImport.crs.${report.crsWarning.declared}`),
                  likely: t(`dataImport.crs.${report.crsWarning.likely}`),
                })}
              </p>
            ) : null}
            {report.written ? (
              <p data-testid="data-written" className={report.written.batchId ? 'text-emerald-300' : 'text-amber-300'}>
                {report.written.batchId
                  ? t('dataImport.written', {
                      batch: report.written.batchId,
                      inserted: report.written.inserted,
                      updated: report.written.updated,
                      merged: report.written.merged,
                      retired: report.written.retired,
                      skipped: report.written.skipped,
                    })
                  : report.written.blocked
                    ? t('dataImport.blocked')
                    : t('dataImport.nothingWritten')}
              </p>
            ) : null}
            <div className="max-h-[28rem] overflow-auto">
              <table data-testid="data-items" className="w-full text-left text-[0.82rem]">
                <thead className="sticky top-0 bg-[#0b1a30] text-slate-400">
                  <tr>
                    <th className="w-[3.5rem]">{t('dataImport.row')}</th>
                    <th className="w-[6rem]">{t('dataImport.sourceId')}</th>
                    <th className="w-[10rem]">{t('dataImport.name')}</th>
                    <th className="w-[6rem]">{t('dataImport.action')}</th>
                    <th>{t('dataImport.detail')}</th>
                    <th className="w-[9rem]">{t('dataImport.decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((item) => (
                    <tr key={item.row} data-row={item.row} data-source-id={item.sourceId} className="border-t border-sky-400/10 align-top">
                      <td>{item.row}</td>
                      <td>{item.sourceId}</td>
                      <td>{item.name}</td>
                      <td>
                        {item.problems.length ? (
                          <span className="text-red-300">{t('dataImport.problems')}</span>
                        ) : (
                          t(`dataImport.action.${item.action}`)
                        )}
                      </td>
                      <td className="space-y-0.5">
                        {item.problems.map((p, i) => (
                          <div key={`p${i}`} data-problem={p.code} className="text-red-200">
                            {problemText(t, p)}
                          </div>
                        ))}
                        {item.duplicate ? (
                          <div data-duplicate className="text-amber-200">
                            {duplicateText(t, item.duplicate)}
                          </div>
                        ) : null}
                        {item.fixes.map((f, i) => (
                          <div key={`f${i}`} data-fix={f.code} className="text-emerald-200/90">
                            {fixText(t, f, subDistrictName)}
                          </div>
                        ))}
                      </td>
                      <td>
                        {item.duplicate && !item.problems.length ? (
                          <Select
                            data-testid={`data-decision-${item.row}`}
                            value={decisions[item.row] ?? item.decision ?? 'merge'}
                            onChange={(e) => {
                              write.reset();
                              setDecisions({ ...decisions, [item.row]: e.target.value as Decision });
                            }}
                          >
                            {(item.duplicate.reason === 'sameSourceId'
                              ? (['merge', 'skip'] as const)
                              : (['merge', 'new', 'skip'] as const)
                            ).map((d) => (
                              <option key={d} value={d}>
                                {t(`dataImport.decision.${d}`)}
                              </option>
                            ))}
                          </Select>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {report.itemsTotal > report.items.length ? (
              <p className="text-slate-400">{t('dataImport.itemsMore', { shown: report.items.length, total: report.itemsTotal })}</p>
            ) : null}
          </div>
        ) : null}
      </Panel>
      <BatchList />
    </DataShell>
  );
}
