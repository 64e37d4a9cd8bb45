'use client';
/**
 * System administrator: the links with 区城运 and 12345. Reports that still failed after every retry (dead letters)
 * are listed with their last error and can be sent again once the other side is fixed; a replayed report goes
 * back in the queue and is delivered once. With the demonstration's simulated platforms, what they sent and heard.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

const REFRESH_MS = 15_000;
const CELL = 'border-b border-slate-800 px-2 py-1 text-left align-top';

export function PartnersPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const reports = useQuery(trpc.dispatch.partners.deliveries.queryOptions({ status: 'dead' }, { refetchInterval: REFRESH_MS }));
  const outbox = useQuery(trpc.dispatch.partners.outbox.queryOptions({ status: 'dead' }, { refetchInterval: REFRESH_MS }));
  const simulated = useQuery(trpc.dispatch.partners.simulated.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const refresh = () => void queryClient.invalidateQueries(trpc.dispatch.partners.pathFilter());
  const replay = useMutation(trpc.dispatch.partners.replay.mutationOptions({ onSuccess: refresh }));
  const replayOutbox = useMutation(trpc.dispatch.partners.replayOutbox.mutationOptions({ onSuccess: refresh }));
  const simulate = useMutation(trpc.dispatch.partners.simulateTicket.mutationOptions({ onSuccess: refresh }));
  const error = reports.error ?? outbox.error ?? replay.error ?? replayOutbox.error ?? simulate.error;
  const dead = [
    ...(reports.data ?? []).map((d) => ({
      key: `e${d.eventId}`,
      partner: d.partner,
      what: `${d.orderCode}${d.ref ? ` · ${d.ref}` : ''} · ${t(`orders.action.${d.action}`)}`,
      attempts: d.attempts,
      lastError: d.lastError,
      at: d.nextAttemptAt,
      replay: () => replay.mutate({ eventId: d.eventId }),
    })),
    ...(outbox.data ?? []).map((m) => ({
      key: `m${m.id}`,
      partner: m.partner,
      what: t(`partners.kind.${m.kind}`),
      attempts: m.attempts,
      lastError: m.lastError,
      at: m.nextAttemptAt,
      replay: () => replayOutbox.mutate({ id: m.id }),
    })),
  ];

  return (
    <section data-testid="admin-partners" className="mt-4 rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-1 text-lg font-semibold">{t('partners.title')}</h2>
      <p className="mb-3 text-sm text-slate-400">{t('partners.hint')}</p>
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-300">
          {errorMessage(error)}
        </p>
      )}
      <h3 className="mb-1 text-sm font-semibold text-slate-300">{t('partners.deadLetters')}</h3>
      {dead.length === 0 ? (
        <p data-testid="partners-dead-empty" className="text-sm text-emerald-300">
          {t('partners.noDeadLetters')}
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="partners-dead">
          <thead className="text-slate-400">
            <tr>
              <th className={CELL}>{t('partners.partner')}</th>
              <th className={CELL}>{t('partners.what')}</th>
              <th className={CELL}>{t('partners.attempts')}</th>
              <th className={CELL}>{t('partners.lastError')}</th>
              <th className={CELL} />
            </tr>
          </thead>
          <tbody>
            {dead.map((d) => (
              <tr key={d.key} data-testid="partners-dead-row" data-key={d.key}>
                <td className={CELL}>{t(`partners.partner.${d.partner}`)}</td>
                <td className={CELL}>{d.what}</td>
                <td className={`${CELL} tabular-nums`}>{d.attempts}</td>
                <td className={`${CELL} text-red-300`}>
                  {d.lastError ?? '—'} <span className="text-slate-500">{formatDateTime(d.at, locale)}</span>
                </td>
                <td className={CELL}>
                  <Button data-testid="partners-replay" onClick={d.replay} variant="primary" size="sm">
                    {t('partners.replay')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {simulated.data && simulated.data.length > 0 ? (
        <div className="mt-4" data-testid="partners-simulated">
          <h3 className="mb-1 text-sm font-semibold text-slate-300">{t('partners.simulatedTitle')}</h3>
          <ul className="space-y-1 text-sm">
            {simulated.data.map((p) => (
              <li
                key={p.partner}
                data-testid="partners-simulated-row"
                data-partner={p.partner}
                className="flex flex-wrap items-center gap-3"
              >
                <span className="font-semibold">{t(`orders.source.${p.partner}`)}</span>
                <span>
                  {t('partners.simulatedCounts', { sent: p.sent.length, reports: p.reports.length, positions: p.positionsReceived })}
                </span>
                <Button
                  data-testid="partners-simulate"
                  disabled={simulate.isPending}
                  onClick={() => simulate.mutate({ partner: p.partner })}
                  variant="quiet"
                  size="sm"
                >
                  {t('partners.simulateTicket')}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
