'use client';
/**
 * A contract and its catalogue lines: ceiling and awarded unit prices (awarded never above the ceiling), estimated
 * workloads, the awarded total, the approved budget and the price limit; a line the bid left without a price is
 * priced here by the third party, on record.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { yuan } from '@/domain/fees/money';
import { haoOfYuanText, lineAmountFen, yuanOfHao } from '@/domain/settlement/settlement-money';

function PriceForm({ lineId, version }: { lineId: number; version: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [price, setPrice] = useState('');
  const [note, setNote] = useState('');
  const save = useMutation(
    trpc.settlement.priceLine.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  const hao = haoOfYuanText(price);
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (hao !== null) save.mutate({ lineId, version, priceHao: hao, note });
      }}
    >
      <Input
        size="xs"
        className="w-24"
        inputMode="decimal"
        placeholder={t('settlement.priceYuan')}
        value={price}
        onChange={(e) => setPrice(e.target.value)}
      />
      <Input size="xs" className="w-40" placeholder={t('settlement.priceBasis')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Button type="submit" size="xs" variant="confirm" disabled={hao === null || note.trim().length < 2 || save.isPending}>
        {t('settlement.priceIt')}
      </Button>
      {save.error ? (
        <span role="alert" className="text-red-300">
          {errorMessage(save.error)}
        </span>
      ) : null}
    </form>
  );
}

export function ContractPanel({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const contract = useQuery(trpc.settlement.contract.queryOptions({ contractId }));
  const c = contract.data;
  if (!c) return null;
  return (
    <section data-testid="settlement-contract-panel" className="space-y-3">
      <div className="grid gap-2 rounded-lg border border-sky-400/30 p-3 text-[0.9rem] md:grid-cols-3">
        <div>
          <div className="font-semibold">{c.name}</div>
          <div className="text-slate-400">
            {c.code} · {c.buyerName} / {c.supplierName}
          </div>
          {c.synthetic ? <div className="text-amber-300">{t('settlement.synthetic')}</div> : null}
        </div>
        <dl className="grid grid-cols-2 gap-x-3">
          <dt className="text-slate-400">{t('settlement.awardedTotal')}</dt>
          <dd data-testid="contract-awarded">¥{yuan(c.awardedTotalFen)}</dd>
          <dt className="text-slate-400">{t('settlement.budget')}</dt>
          <dd>¥{yuan(c.budgetFen)}</dd>
          {c.priceLimitFen !== null ? (
            <>
              <dt className="text-slate-400">{t('settlement.priceLimit')}</dt>
              <dd>¥{yuan(c.priceLimitFen)}</dd>
            </>
          ) : null}
          <dt className="text-slate-400">{t('settlement.estimatedTotal')}</dt>
          <dd>¥{yuan(c.estimatedTotalFen)}</dd>
        </dl>
        <div className="text-slate-300">
          <div>{t('settlement.serviceYear', { from: c.months[0]!, to: c.months[11]! })}</div>
          <div data-testid="contract-line-count">
            {t('settlement.lineCount', { items: new Set(c.lines.map((l) => l.itemNo)).size, lines: c.lines.length })}
          </div>
          {/* A synthetic contract's provenance is the badge above; a real one's is its source document. */}
          {c.synthetic ? null : <div className="text-[0.8rem] text-slate-500">{c.source}</div>}
        </div>
      </div>
      <div className="overflow-x-auto rounded border border-slate-700">
        <table className="w-full min-w-[56rem] text-[0.85rem]">
          <thead className="bg-slate-900 text-left text-slate-400">
            <tr>
              <th className="p-2">{t('settlement.col.no')}</th>
              <th className="p-2">{t('settlement.col.item')}</th>
              <th className="p-2">{t('settlement.col.unit')}</th>
              <th className="p-2 text-right">{t('settlement.col.ceiling')}</th>
              <th className="p-2 text-right">{t('settlement.col.price')}</th>
              <th className="p-2 text-right">{t('settlement.col.estimate')}</th>
              <th className="p-2 text-right">{t('settlement.col.estimatedAmount')}</th>
              <th className="p-2">{t('settlement.col.derivedFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {c.lines.map((l) => (
              <tr key={l.id} data-testid="contract-line" className="border-t border-slate-800">
                <td className="p-2">{l.lineNo}</td>
                <td className="p-2">
                  {l.name}（{t(`settlement.channel.${l.channel}`)}）<span className="text-slate-500"> {l.group}</span>
                </td>
                <td className="p-2">{l.unit}</td>
                <td className="p-2 text-right">{l.ceilingPriceHao === null ? '—' : yuanOfHao(l.ceilingPriceHao)}</td>
                <td className="p-2 text-right">
                  {l.awardedPriceHao !== null ? (
                    <span title={l.priceSource === 'third_party' ? `${l.pricedBy ?? ''}：${l.priceNote ?? ''}` : undefined}>
                      {yuanOfHao(l.awardedPriceHao)}
                      {l.priceSource === 'third_party' ? (
                        <span className="text-amber-300"> {t('settlement.pricedByThirdParty')}</span>
                      ) : null}
                    </span>
                  ) : can('settlement:review') ? (
                    <PriceForm lineId={l.id} version={l.version} />
                  ) : (
                    <span className="text-amber-300">{t('settlement.unpriced')}</span>
                  )}
                </td>
                <td className="p-2 text-right">{l.estimatedQuantity.toString()}</td>
                <td className="p-2 text-right">
                  {l.awardedPriceHao === null ? '—' : yuan(lineAmountFen(l.awardedPriceHao, l.estimatedQuantity))}
                </td>
                <td className="p-2 text-slate-400">
                  {l.derivedFrom ? t(`settlement.source.${l.derivedFrom}`) : t('settlement.source.claim')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
