'use client';
/** The hover card over the map: what the pointer is on, its status and sub-district, and 模拟数据 if synthetic. */
import type { Ref } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import type { FacilityFeature } from './compact-layer';
import type { FeeMapPoint } from './layers/fee-points-layer';
import { coverageStateOf, type SegmentCoverageView } from './layers/work-coverage-layer';
import type { LiveUnitView } from './live-bridge';
import { formatArea } from './area-label';
import { cleaningGradeLabel, statusLabel } from './status-label';
import { ORDER_DEADLINE_LABEL, type WallOrder } from '@/components/orders/use-wall-orders';
import { formatPercent, formatTime } from '@/domain/i18n/format';

export interface MapTooltipProps {
  /** Pointer position in CSS pixels, relative to the map container. */
  x: number;
  y: number;
  /** Open towards the left / upwards (the pointer is in the right / bottom half of the map). */
  flipX: boolean;
  flipY: boolean;
  facility?: FacilityFeature;
  unit?: LiveUnitView;
  order?: WallOrder;
  feePoint?: FeeMapPoint;
  /** A road segment's work today while the coverage layer is on; null: not worked today; undefined: layer off. */
  coverage?: SegmentCoverageView | null;
  subDistrictName(code: string): string;
  /** The card's element, for a hover that follows its object (a driving unit). */
  cardRef?: Ref<HTMLDivElement>;
}

function CoverageLine({ coverage }: { coverage: SegmentCoverageView | null }) {
  const { t, locale } = useI18n();
  const state = coverageStateOf(coverage ?? undefined);
  if (!coverage || state === 'none')
    return (
      <div data-testid="tooltip-coverage" className="text-slate-400">
        {t('map.coverage.none')}
      </div>
    );
  const when = coverage.firstAt && coverage.lastAt ? `${formatTime(coverage.firstAt, locale)}–${formatTime(coverage.lastAt, locale)}` : '';
  return (
    <div data-testid="tooltip-coverage" className={state === 'covered' ? 'text-emerald-300' : 'text-amber-300'}>
      {t(`coverage.state.${state}`)} · {formatPercent(coverage.share, locale)}
      {when ? ` · ${when}` : ''}
      {coverage.units.length ? <div className="text-slate-300">{coverage.units.join('、')}</div> : null}
    </div>
  );
}

function OrderTooltipBody({ order, area }: { order: WallOrder; area: string }) {
  const { t } = useI18n();
  return (
    <>
      <div className="font-medium text-sky-100">
        {order.code}
        {order.externalRef ? <span className="text-slate-400"> · {order.externalRef}</span> : null}
      </div>
      <div className="mt-0.5 text-slate-300">
        {t(`orders.source.${order.source}`)} · {t(`orders.status.${order.status}`)} · {t(ORDER_DEADLINE_LABEL[order.deadlineState])}
        {area ? ` · ${area}` : ''}
      </div>
      <div className="line-clamp-2 text-slate-400">{order.description}</div>
    </>
  );
}

function FeePointTooltipBody({ point }: { point: FeeMapPoint }) {
  const { t } = useI18n();
  return (
    <>
      <div className="font-medium text-sky-100">{point.payerName}</div>
      <div className="mt-0.5 text-slate-300">
        {t('map.layer.feePoints')} · {t(`map.feePoint.${point.contractState}`)}
      </div>
      {point.overage ? (
        <div className="text-red-300">{t('map.feePoint.overageDetail', { month: point.overage.month, excess: point.overage.excess })}</div>
      ) : null}
    </>
  );
}

export function MapTooltip({ x, y, flipX, flipY, facility, unit, order, feePoint, coverage, subDistrictName, cardRef }: MapTooltipProps) {
  if (!facility && !unit && !order && !feePoint) return null;
  return (
    <div
      ref={cardRef}
      data-testid="map-tooltip"
      role="tooltip"
      className="pointer-events-none absolute z-20 min-w-[12rem] max-w-[24rem] rounded-md border border-sky-400/40 bg-slate-950/92 px-3 py-2 text-[0.8rem] leading-snug text-slate-100 shadow-xl"
      style={{
        left: x,
        top: y,
        transform: `translate(${flipX ? 'calc(-100% - 0.9rem)' : '0.9rem'}, ${flipY ? 'calc(-100% - 0.9rem)' : '0.9rem'})`,
      }}
    >
      {order ? (
        <OrderTooltipBody order={order} area={subDistrictName(order.subDistrictCode ?? '')} />
      ) : feePoint ? (
        <FeePointTooltipBody point={feePoint} />
      ) : (
        <>
          <PlaceTooltipBody facility={facility} unit={unit} subDistrictName={subDistrictName} />
          {coverage !== undefined ? <CoverageLine coverage={coverage} /> : null}
        </>
      )}
    </div>
  );
}

function PlaceTooltipBody({ facility, unit, subDistrictName }: Pick<MapTooltipProps, 'facility' | 'unit' | 'subDistrictName'>) {
  const { t, locale } = useI18n();
  const title = facility?.name ?? unit?.name ?? '';
  const kind = facility ? t(`kind.${facility.kind}`) : t(`unitKind.${unit!.kind}`);
  const status = facility ? statusLabel(t, facility.status) : t(unit!.online ? 'map.legend.online' : 'map.legend.offline');
  const area = subDistrictName(facility?.subDistrictCode ?? unit?.subDistrictCode ?? '');
  const synthetic = facility?.synthetic ?? unit?.synthetic ?? false;
  return (
    <>
      <div className="font-medium text-sky-100">{title}</div>
      <div className="mt-0.5 text-slate-300">
        {kind} · {status}
        {area ? ` · ${area}` : ''}
      </div>
      {facility?.grade ? (
        <div className="text-slate-400">{t('map.tooltip.grade', { grade: cleaningGradeLabel(t, facility.grade) })}</div>
      ) : null}
      {facility?.areaSquareMeters ? (
        <div className="text-slate-400">{t('map.tooltip.area', { area: formatArea(t, facility.areaSquareMeters, locale) })}</div>
      ) : null}
      {synthetic ? (
        <div className="mt-1 inline-block rounded bg-amber-500/20 px-1.5 text-[0.7rem] text-amber-300">{t('app.synthetic')}</div>
      ) : null}
    </>
  );
}
