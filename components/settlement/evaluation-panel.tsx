'use client';
/**
 * 绩效评价: the seed's 10 indicators (100 points) with their 64 sub-items, scored by the third party with evidence;
 * the grade (优秀 ≥ 90 … 不合格 < 60), the rectification a failing grade opens (≤ 20 working days) and the
 * re-evaluation; and the grade adjustment table in force (defaults marked as assumptions to confirm).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { GRADES, gradeOf } from '@/domain/settlement/evaluation';
import { INDICATORS } from '@/domain/settlement/indicators';

const tenthsOf = (text: string): number | null => (/^\d{1,2}(\.\d)?$/.test(text.trim()) ? Math.round(Number(text) * 10) : null);

function ScoreSheet({ contractId }: { contractId: number }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const items = INDICATORS.flatMap((i) => i.items);
  const [scores, setScores] = useState<Record<number, string>>(Object.fromEntries(items.map((i) => [i.no, String(i.points)])));
  const [evidence, setEvidence] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const evaluate = useMutation(
    trpc.settlement.evaluate.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  const tenths = items.map((i) => tenthsOf(scores[i.no] ?? ''));
  const total = tenths.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return (
    <form
      data-testid="evaluation-sheet"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        evaluate.mutate({
          contractId,
          note,
          scores: items.map((i, k) => ({ item: i.no, scoreTenths: tenths[k] ?? 0, evidence: evidence[i.no] ?? '' })),
        });
      }}
    >
      {INDICATORS.map((ind) => (
        <fieldset key={ind.no} className="rounded border border-slate-700 p-2">
          <legend className="px-1 font-semibold">
            {ind.no}. {locale === 'en' ? ind.nameEn : ind.name}（{ind.points}）
          </legend>
          <div className="grid gap-1 md:grid-cols-2">
            {ind.items.map((item) => (
              <label key={item.no} className="flex items-center gap-1 text-[0.8rem]">
                <span className="min-w-0 flex-1 truncate" title={`${item.group} · ${item.name}`}>
                  {item.no}. {item.name}
                </span>
                <Input
                  size="xs"
                  className="w-14 text-right"
                  inputMode="decimal"
                  aria-label={`${item.no}`}
                  value={scores[item.no] ?? ''}
                  onChange={(e) => setScores({ ...scores, [item.no]: e.target.value })}
                />
                <span className="w-8 text-slate-500">/{item.points}</span>
                <Input
                  size="xs"
                  className="w-40"
                  placeholder={t('settlement.scoreEvidence')}
                  value={evidence[item.no] ?? ''}
                  onChange={(e) => setEvidence({ ...evidence, [item.no]: e.target.value })}
                />
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <span data-testid="evaluation-total">
          {t('settlement.totalScore', { score: (total / 10).toFixed(1), grade: t(`settlement.grade.${gradeOf(total)}`) })}
        </span>
        <Input
          size="sm"
          className="w-72"
          placeholder={t('settlement.evaluationNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" variant="primary" disabled={tenths.some((v) => v === null) || evaluate.isPending}>
          {t('settlement.submitEvaluation')}
        </Button>
      </div>
      {evaluate.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(evaluate.error)}
        </p>
      ) : null}
    </form>
  );
}

export function EvaluationPanel({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const evaluations = useQuery(trpc.settlement.evaluations.queryOptions({ contractId }));
  const data = evaluations.data;
  const last = data?.rounds[data.rounds.length - 1];
  return (
    <section data-testid="settlement-evaluation" className="space-y-3">
      {data ? (
        <div className="rounded border border-slate-700 p-2 text-[0.85rem]">
          <h3 className="font-semibold">
            {t('settlement.gradeTable', { v: data.gradeRules.version })}
            {data.gradeRules.assumption ? <span className="text-amber-300"> {t('settlement.assumption')}</span> : null}
          </h3>
          <ul className="flex flex-wrap gap-3">
            {GRADES.map((g) => (
              <li key={g}>
                {t(`settlement.grade.${g}`)}：{(data.gradeRules.basisPoints[g] / 100).toFixed(2)}%
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data?.rounds.map((r) => (
        <div key={r.round} data-testid="evaluation-round" className="rounded border border-slate-700 p-2 text-[0.9rem]">
          <div className="font-semibold">
            {t('settlement.round', { n: r.round })} ·{' '}
            {t('settlement.totalScore', { score: (r.totalTenths / 10).toFixed(1), grade: t(`settlement.grade.${r.grade}`) })} ·{' '}
            {r.evaluatedOn} · {r.evaluatedBy}
          </div>
          {r.rectifyDueOn ? <div className="text-amber-300">{t('settlement.rectifyBy', { on: r.rectifyDueOn })}</div> : null}
          <div className="text-slate-400">{r.note}</div>
        </div>
      ))}
      {can('settlement:review') && (!last || last.grade === 'fail') ? <ScoreSheet contractId={contractId} /> : null}
    </section>
  );
}
