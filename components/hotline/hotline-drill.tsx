'use client';
/**
 * Drill-down: district → sub-district → category → place → ticket list → one ticket's timeline, with a
 * breadcrumb to go back up; or, when a hexbin is selected, that hotspot's places and the one-click preventive
 * work order. Each level reads only what it shows.
 */
import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, formatNumber, formatPercent } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import type { Drill, HotlineFilter, HotlineMeta, HotlineOverview, HotlinePlace } from './hotline-types';

export interface Names {
  category(code: string | null | undefined): string;
  subDistrict(code: string | null | undefined): string;
}

export function useNames(meta: HotlineMeta | undefined): Names {
  const { locale } = useI18n();
  return {
    category: (code) => {
      const c = meta?.categories.find((x) => x.code === code);
      return c ? (locale === 'en' ? c.name_en : c.name_zh) : (code ?? '—');
    },
    subDistrict: (code) => {
      const s = meta?.subDistricts.find((x) => x.code === code);
      return s ? (locale === 'en' ? s.name_en : s.name) : (code ?? '—');
    },
  };
}

function Row({ label, value, note, onClick, testId }: { label: string; value: string; note?: string; onClick?(): void; testId?: string }) {
  return (
    <button
      type="button"
      data-testid={testId}
      onClick={onClick}
      disabled={!onClick}
      className="flex w-full items-center justify-between gap-2 border-b border-sky-400/10 px-3 py-1.5 text-left text-[0.85rem] hover:bg-sky-900/30 disabled:hover:bg-transparent"
    >
      <span data-label className="min-w-0 truncate text-slate-100">
        {label}
      </span>
      <span className="shrink-0 tabular-nums text-sky-200">
        {value}
        {note ? <span className="ml-2 text-[0.75rem] text-slate-400">{note}</span> : null}
      </span>
    </button>
  );
}

function Loading() {
  const { t } = useI18n();
  return <p className="p-3 text-[0.85rem] text-slate-400">{t('hotline.loading')}</p>;
}

export function DrillPanel({
  filter,
  overview,
  names,
  drill,
  onDrill,
}: {
  filter: HotlineFilter;
  overview: HotlineOverview;
  names: Names;
  drill: Drill;
  onDrill(d: Drill): void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const subFilter = drill.subDistrict ? { ...filter, subDistricts: [drill.subDistrict] } : null;
  const subOverview = useQuery(trpc.hotline.overview.queryOptions(subFilter && !drill.category ? { filter: subFilter } : skipToken));
  const placeFilter = subFilter && drill.category ? { ...subFilter, categories: [drill.category] } : null;
  const placeRows = useQuery(trpc.hotline.places.queryOptions(placeFilter && !drill.placeKey ? { filter: placeFilter } : skipToken));
  const ticketRows = useQuery(
    trpc.hotline.tickets.queryOptions(
      drill.placeKey && drill.ticketId === undefined
        ? { filter: { ...filter, categories: drill.category ? [drill.category] : filter.categories }, placeKey: drill.placeKey }
        : skipToken,
    ),
  );
  const ticket = useQuery(trpc.hotline.ticket.queryOptions(drill.ticketId !== undefined ? { id: drill.ticketId } : skipToken));

  const crumbs: Array<{ label: string; to: Drill }> = [{ label: t('hotline.district'), to: {} }];
  if (drill.subDistrict) crumbs.push({ label: names.subDistrict(drill.subDistrict), to: { subDistrict: drill.subDistrict } });
  if (drill.category)
    crumbs.push({ label: names.category(drill.category), to: { subDistrict: drill.subDistrict, category: drill.category } });
  if (drill.placeKey) crumbs.push({ label: drill.placeAddress ?? drill.placeKey, to: { ...drill, ticketId: undefined } });
  if (drill.ticketId !== undefined) crumbs.push({ label: ticket.data?.code ?? '…', to: drill });

  let body;
  if (drill.ticketId !== undefined) {
    body = !ticket.data ? (
      <Loading />
    ) : (
      <div data-testid="ticket-detail" className="p-3 text-[0.85rem] text-slate-200">
        <div className="mb-1 text-[1rem] font-semibold text-sky-100">{ticket.data.code}</div>
        <div>
          {locale === 'en' ? ticket.data.category_en : ticket.data.category_zh} ·{' '}
          {locale === 'en' ? ticket.data.sub_district_en : ticket.data.sub_district_zh}
        </div>
        <div className="text-slate-400">{ticket.data.address}</div>
        <div className="my-1 text-slate-300">{ticket.data.description}</div>
        {ticket.data.synthetic ? <div className="text-[0.75rem] text-amber-300">{t('hotline.synthetic')}</div> : null}
        <ol data-testid="ticket-timeline" className="mt-2 border-l border-sky-400/40 pl-3">
          {ticket.data.timeline.map((e, i) => (
            <li key={i} data-kind={e.kind} className="mb-1.5">
              <span className="tabular-nums text-slate-400">{formatDateTime(new Date(e.at), locale)}</span>{' '}
              <span className={e.kind === 'closed' && e.late ? 'text-red-300' : 'text-sky-100'}>
                {t(`hotline.timeline.${e.kind}`)}
                {e.kind === 'closed' && e.late ? ` · ${t('hotline.overdue')}` : ''}
                {e.kind === 'rated' ? ` ${e.score}/5` : ''}
              </span>
            </li>
          ))}
          {!ticket.data.closed_at ? (
            <li data-kind="open" className="text-amber-300">
              {t('hotline.timeline.open')}
            </li>
          ) : null}
        </ol>
      </div>
    );
  } else if (drill.placeKey) {
    body = !ticketRows.data ? (
      <Loading />
    ) : (
      ticketRows.data.map((r) => (
        <Row
          key={r.id}
          testId="drill-ticket"
          label={`${r.code} · ${names.category(r.categoryCode)}`}
          value={formatDateTime(new Date(r.receivedAt), locale).slice(0, 16)}
          note={r.overdue ? t('hotline.overdue') : undefined}
          onClick={() => onDrill({ ...drill, ticketId: r.id })}
        />
      ))
    );
  } else if (drill.category) {
    body = !placeRows.data ? (
      <Loading />
    ) : (
      placeRows.data.map((p) => (
        <Row
          key={p.placeKey}
          testId="drill-place"
          label={p.address}
          value={formatNumber(p.tickets, locale)}
          note={p.overdue ? `${t('hotline.overdue')} ${p.overdue}` : undefined}
          onClick={() => onDrill({ ...drill, placeKey: p.placeKey, placeAddress: p.address })}
        />
      ))
    );
  } else if (drill.subDistrict) {
    body = !subOverview.data ? (
      <Loading />
    ) : (
      subOverview.data.categories.map((c) => (
        <Row
          key={c.code}
          testId={`drill-cat-${c.code}`}
          label={names.category(c.code)}
          value={formatNumber(c.tickets, locale)}
          note={c.overdueRate !== null ? formatPercent(c.overdueRate, locale) : undefined}
          onClick={() => onDrill({ subDistrict: drill.subDistrict, category: c.code })}
        />
      ))
    );
  } else {
    body = overview.subDistricts.map((s) => (
      <Row
        key={s.code}
        testId={`drill-sub-${s.code}`}
        label={names.subDistrict(s.code)}
        value={formatNumber(s.tickets, locale)}
        note={s.overdueRate !== null ? formatPercent(s.overdueRate, locale) : undefined}
        onClick={() => onDrill({ subDistrict: s.code })}
      />
    ));
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <nav data-testid="drill-crumbs" className="flex flex-wrap items-center gap-1 border-b border-sky-400/15 px-3 py-1.5 text-[0.8rem]">
        {crumbs.map((c, i) => (
          <span key={i} className="flex items-center gap-1">
            {i > 0 ? <span className="text-slate-500">›</span> : null}
            <button
              type="button"
              onClick={() => onDrill(c.to)}
              className={i === crumbs.length - 1 ? 'text-sky-100' : 'text-sky-300 underline'}
            >
              {c.label}
            </button>
          </span>
        ))}
      </nav>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="drill-list">
        {body}
      </div>
    </div>
  );
}

/** A selected hexbin: its busiest places and a preventive work order at the busiest one. */
export function HotspotPanel({
  filter,
  cell,
  names,
  canOrder,
  onClose,
}: {
  filter: HotlineFilter;
  cell: string;
  names: Names;
  canOrder: boolean;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const rows = useQuery(trpc.hotline.places.queryOptions({ filter, cell }));
  const [created, setCreated] = useState<string | null>(null);
  const order = useMutation(trpc.hotline.preventiveOrder.mutationOptions({ onSuccess: (o) => setCreated(o.code) }));
  const top: HotlinePlace | undefined = rows.data?.[0];
  const total = rows.data?.reduce((s, p) => s + p.tickets, 0) ?? 0;
  return (
    <div data-testid="hotspot-panel" className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between border-b border-sky-400/15 px-3 py-1.5 text-[0.8rem] text-slate-300">
        <span>{t('hotline.hotspot.cell', { cell })}</span>
        <Button onClick={onClose} variant="link">
          {t('hotline.hotspot.close')}
        </Button>
      </div>
      {top && canOrder ? (
        <div data-print-hide className="border-b border-sky-400/15 px-3 py-2 text-[0.8rem]">
          <Button
            data-testid="hotspot-order"
            disabled={order.isPending || created !== null}
            onClick={() =>
              order.mutate({
                address: top.address,
                lng: top.lng,
                lat: top.lat,
                categoryCode: top.topCategory,
                tickets: total,
                period: `${filter.from}~${filter.to}`,
              })
            }
            variant="confirm"
            size="md"
          >
            {t('hotline.hotspot.order', { address: top.address })}
          </Button>
          {created ? (
            <p data-testid="hotspot-order-created" className="mt-1 text-emerald-300">
              {t('hotline.hotspot.created', { code: created })}
            </p>
          ) : null}
          {order.error ? (
            <p role="alert" className="mt-1 text-red-300">
              {errorMessage(order.error)}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {!rows.data ? (
          <Loading />
        ) : (
          rows.data.map((p) => (
            <Row
              key={p.placeKey}
              testId="hotspot-place"
              label={p.address}
              value={formatNumber(p.tickets, locale)}
              note={names.category(p.topCategory)}
            />
          ))
        )}
      </div>
    </div>
  );
}
