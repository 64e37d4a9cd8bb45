'use client';
/** 单位核验 for the clerk: payers and companies that registered themselves on a phone, verified here; the companies. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

export function PartiesPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const pending = useQuery(trpc.fees.pendingParties.queryOptions());
  const companies = useQuery(trpc.fees.companies.queryOptions());
  const verify = useMutation(
    trpc.fees.verifyParty.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() }) }),
  );
  return (
    <section data-testid="fees-parties" className="space-y-4">
      <h2 className="text-lg font-semibold">{t('fees.ui.pendingParties')}</h2>
      {verify.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(verify.error)}
        </p>
      ) : null}
      {pending.data?.length === 0 ? <p className="text-slate-400">{t('fees.ui.nonePending')}</p> : null}
      <ul className="divide-y divide-slate-800 rounded border border-slate-700">
        {pending.data?.map((p) => (
          <li key={`${p.party}-${p.id}`} data-testid="pending-party" className="flex flex-wrap items-center gap-2 p-3">
            <span className="rounded bg-slate-800 px-2 text-[0.8rem]">{t(`fees.ui.party.${p.party}`)}</span>
            <span className="font-semibold">{p.name}</span>
            <span className="font-mono text-[0.85rem] text-slate-400">{p.credit_code}</span>
            <span className="text-[0.9rem] text-slate-300">
              {p.address ?? ''} {p.contact_name} {p.contact_phone}
            </span>
            <Button
              variant="confirm"
              className="ml-auto"
              data-testid="party-verify"
              disabled={verify.isPending}
              onClick={() => verify.mutate({ party: p.party, id: p.id, expectedVersion: p.version })}
            >
              {t('fees.ui.verify')}
            </Button>
          </li>
        ))}
      </ul>
      <h2 className="text-lg font-semibold">{t('fees.ui.companies')}</h2>
      <ul className="divide-y divide-slate-800 rounded border border-slate-700">
        {companies.data?.map((c) => (
          <li key={c.id} className="flex flex-wrap gap-2 p-3 text-[0.9rem]">
            <span className="font-semibold">{c.name}</span>
            <span className="font-mono text-slate-400">{c.credit_code}</span>
            <span>{t(`fees.ui.partyStatus.${c.status}`)}</span>
            <span>{t('fees.ui.vehicles', { n: c.vehicles ?? 0 })}</span>
            {c.synthetic ? <span className="text-slate-500">{t('fees.ui.synthetic')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
