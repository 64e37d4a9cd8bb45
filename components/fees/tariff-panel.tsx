'use client';
/**
 * 收费标准: the tariff in force (synthetic prices, per 240 L bin or per tonne, and the overage threshold), its
 * versions, a clerk's proposal of a new one and the supervisor's decision — the one four-eyes mechanism of the
 * product: whoever proposes cannot approve.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { fenOf, yuan } from '@/domain/fees/money';
import { formatDate } from '@/domain/i18n/format';
import type { Tariff } from '@/domain/fees/tariff';

function Proposal({ current }: { current: Tariff }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [prices, setPrices] = useState(current.prices.map((p) => yuan(p.priceFen).replace(/,/g, '')));
  const [threshold, setThreshold] = useState(String(current.overageThresholdPercent));
  const [note, setNote] = useState('');
  const propose = useMutation(
    trpc.fees.tariff.propose.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.tariff.pathKey() }),
    }),
  );
  const fens = prices.map(fenOf);
  const valid = fens.every((f) => f !== null) && /^\d{1,3}$/.test(threshold) && note.trim();
  return (
    <form
      data-testid="tariff-propose"
      className="grid gap-2 rounded-lg border border-slate-700 bg-slate-900/70 p-3 md:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        propose.mutate({
          rules: {
            synthetic: current.synthetic,
            overageThresholdPercent: Number(threshold),
            prices: current.prices.map((p, i) => ({ ...p, priceFen: fens[i]! })),
          },
          note,
        });
      }}
    >
      <h3 className="font-semibold md:col-span-3">{t('fees.ui.proposeTariff')}</h3>
      {current.prices.map((p, i) => (
        <Field
          key={p.wasteType}
          label={`${t(`fees.wasteType.${p.wasteType}`)}（${t('fees.ui.yuanPer', { unit: t(`fees.unit.${p.unit}`) })}）`}
        >
          <Input
            wide
            inputMode="decimal"
            data-testid={`tariff-price-${p.wasteType}`}
            value={prices[i]}
            onChange={(e) => setPrices(prices.map((v, j) => (j === i ? e.target.value : v)))}
          />
        </Field>
      ))}
      <Field label={t('fees.ui.threshold')}>
        <Input wide inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
      </Field>
      <Field label={t('fees.ui.changeReason')} className="block space-y-1 md:col-span-2">
        <Input wide data-testid="tariff-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary" disabled={!valid || propose.isPending} data-testid="tariff-submit">
        {t('fees.ui.propose')}
      </Button>
      {propose.error ? (
        <p role="alert" className="text-red-300 md:col-span-3">
          {errorMessage(propose.error)}
        </p>
      ) : null}
    </form>
  );
}

export function TariffPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const versions = useQuery(trpc.fees.tariff.list.queryOptions());
  const decide = useMutation(
    trpc.fees.tariff.decide.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  const active = versions.data?.find((v) => v.active);
  return (
    <section data-testid="fees-tariff" className="space-y-4">
      {active ? (
        <div className="rounded-lg border border-sky-400/40 p-3">
          <h2 className="font-semibold">
            {t('fees.ui.tariffInForce', { v: active.version })}{' '}
            {active.rules.synthetic ? <span className="text-slate-400">{t('fees.ui.synthetic')}</span> : null}
          </h2>
          <ul className="mt-1 grid gap-1 md:grid-cols-4" data-testid="tariff-prices">
            {active.rules.prices.map((p) => (
              <li key={p.wasteType}>
                {t(`fees.wasteType.${p.wasteType}`)}：¥{yuan(p.priceFen)}/{t(`fees.unit.${p.unit}`)}
              </li>
            ))}
          </ul>
          <p className="text-[0.9rem] text-slate-300">{t('fees.ui.thresholdIs', { p: active.rules.overageThresholdPercent })}</p>
        </div>
      ) : null}
      {can('fees:review') && active ? <Proposal current={active.rules} /> : null}
      {decide.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(decide.error)}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700 text-[0.9rem]">
        {versions.data?.map((v) => (
          <li key={v.version} data-testid="tariff-version" data-status={v.status} className="flex flex-wrap items-center gap-2 p-2">
            <span>{t('fees.ui.version', { v: v.version })}</span>
            <span>{t(`fees.ui.tariffStatus.${v.status}`)}</span>
            <span className="min-w-0 flex-1 text-slate-300">
              {v.note} · {v.proposedBy ?? '—'} · {formatDate(v.proposedAt, locale)}
            </span>
            {can('fees:approve') && v.status === 'proposed' ? (
              <>
                <Button variant="confirm" data-testid="tariff-approve" onClick={() => decide.mutate({ version: v.version, approve: true })}>
                  {t('fees.ui.approve')}
                </Button>
                <Button variant="danger" onClick={() => decide.mutate({ version: v.version, approve: false })}>
                  {t('fees.ui.reject')}
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
