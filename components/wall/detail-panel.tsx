'use client';
/**
 * What was clicked on the map: a facility's full record (map.facility) or a unit's live state. Anything
 * synthetic says 模拟数据 plainly, so nobody on duty mistakes demonstration data for the real inventory.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { formatDateTime, formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { type LiveUnitView, useUnitMotion } from '@/components/map/live-bridge';
import type { Selection } from '@/components/map/map-canvas';
import type { FacilityDetail } from '@/components/map/map-types';
import { cssColour, statusColour, UNIT_COLOURS, OFFLINE_UNIT } from '@/components/map/status-colours';
import { formatArea } from '@/components/map/area-label';
import { labelOr, statusLabel } from '@/components/map/status-label';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { OrderFacts } from '@/components/dispatch/order-detail';
import { OrderTimeline } from '@/components/dispatch/order-timeline';
import { OrderActions } from '@/components/dispatch/order-actions';
import { useCategories } from '@/components/dispatch/use-categories';
import { useNow } from '@/components/orders/use-now';

export interface DetailPanelProps {
  selection: Selection | null;
  units: readonly LiveUnitView[];
  onClose(): void;
  /** What the wall adds under a unit's details (its track). */
  unitExtra?: ReactNode;
}

function Row({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2 border-b border-sky-400/10 py-[0.3rem] last:border-b-0">
      <dt className="text-slate-400">{label}</dt>
      <dd data-testid={testId} className="min-w-0 break-words text-slate-100">
        {children}
      </dd>
    </div>
  );
}

function Name({ children }: { children: ReactNode }) {
  return (
    <h3 data-testid="detail-name" className="mb-2 text-[1.05rem] font-semibold leading-snug text-sky-50">
      {children}
    </h3>
  );
}

function SyntheticBadge() {
  const { t } = useI18n();
  return (
    <div
      data-testid="detail-synthetic"
      className="mb-2 rounded border border-amber-400/40 bg-amber-500/15 px-2 py-1 text-[0.8rem] text-amber-200"
    >
      <span className="font-semibold">{t('app.synthetic')}</span> · {t('detail.syntheticNote')}
    </div>
  );
}

const lngLatText = ([lng, lat]: readonly [number, number]) => `${lng.toFixed(6)}, ${lat.toFixed(6)}`;

function FacilityBody({ detail }: { detail: FacilityDetail }) {
  const { t, locale } = useI18n();
  const attrs = Object.entries(detail.attrs);
  return (
    <>
      <Name>{detail.name}</Name>
      {detail.synthetic ? <SyntheticBadge /> : null}
      <dl className="text-[0.82rem]">
        <Row label={t('detail.kind')}>{t(`kind.${detail.kind}`)}</Row>
        <Row label={t('detail.code')}>{detail.code}</Row>
        <Row label={t('detail.status')} testId="detail-status">
          <span className="inline-flex items-center gap-1.5">
            <span
              className="h-[0.6rem] w-[0.6rem] rounded-full"
              style={{ background: cssColour(statusColour(detail.kind, detail.status)) }}
              aria-hidden
            />
            {statusLabel(t, detail.status)}
          </span>
        </Row>
        {detail.address ? <Row label={t('detail.address')}>{detail.address}</Row> : null}
        <Row label={t('detail.subDistrict')}>
          {(locale === 'en' ? detail.subDistrictNameEn : detail.subDistrictName) ?? detail.subDistrictCode}
        </Row>
        {detail.geocodeQuality ? <Row label={t('detail.geocodeQuality')}>{t(`geocode.${detail.geocodeQuality}`)}</Row> : null}
        {detail.areaSquareMeters !== null ? (
          <Row label={t('detail.area')} testId="detail-area">
            {formatArea(t, detail.areaSquareMeters, locale)}
          </Row>
        ) : null}
        {detail.within.length > 0 ? (
          <Row label={t('detail.within')}>
            {detail.within.join('、')}
            <span className="text-slate-400">{t('detail.withinNote')}</span>
          </Row>
        ) : null}
        <Row label={t('detail.position')}>{lngLatText(detail.position)}</Row>
        <Row label={t('detail.updatedAt')}>{formatDateTime(detail.updatedAt, locale)}</Row>
        {attrs.map(([key, value]) => (
          <Row key={key} label={labelOr(t, `attr.${key}`, key)}>
            {value === null ? '—' : typeof value === 'boolean' ? t(value ? 'detail.yes' : 'detail.no') : String(value)}
          </Row>
        ))}
      </dl>
    </>
  );
}

function UnitBody({ unit }: { unit: LiveUnitView }) {
  const { t, locale } = useI18n();
  const motion = useUnitMotion(unit.id);
  return (
    <>
      <Name>{unit.name}</Name>
      {unit.synthetic ? <SyntheticBadge /> : null}
      <dl className="text-[0.82rem]">
        <Row label={t('detail.kind')}>{t(`unitKind.${unit.kind}`)}</Row>
        <Row label={t('detail.code')}>{unit.code}</Row>
        <Row label={t('detail.online')} testId="detail-status">
          <span className="inline-flex items-center gap-1.5">
            <span
              className="h-[0.6rem] w-[0.6rem] rounded-full"
              style={{ background: cssColour(unit.online ? UNIT_COLOURS[unit.kind] : OFFLINE_UNIT) }}
              aria-hidden
            />
            {t(unit.online ? 'map.legend.online' : 'map.legend.offline')}
          </span>
        </Row>
        {motion?.position ? (
          <Row label={t('detail.position')} testId="detail-position">
            {lngLatText(motion.position)}
          </Row>
        ) : null}
        {motion && motion.speedMps !== null ? (
          <Row label={t('detail.speed')}>{t('detail.speedValue', { value: formatNumber(motion.speedMps * 3.6, locale, 1) })}</Row>
        ) : null}
        {unit.lastSeenAt !== null ? <Row label={t('detail.lastSeen')}>{formatDateTime(unit.lastSeenAt, locale)}</Row> : null}
        {unit.device?.batteryPercent !== undefined ? (
          <Row label={t('detail.battery')} testId="detail-battery">
            {formatNumber(unit.device.batteryPercent, locale, 0)}%{unit.device.charging ? ` · ${t('detail.charging')}` : ''}
          </Row>
        ) : null}
        {unit.device?.invalidFix ? <Row label={t('detail.invalidFix')}>{formatDateTime(unit.device.invalidFix.at, locale)}</Row> : null}
        {unit.device && (unit.device.cell || unit.device.wifi) && !unit.device.invalidFix ? (
          <Row label={t('detail.networkOnly')}>{formatDateTime(unit.device.at, locale)}</Row>
        ) : null}
      </dl>
    </>
  );
}

function FacilityDetailView({ id }: { id: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const detail = useQuery(trpc.map.facility.queryOptions({ id }, { staleTime: 5_000 }));
  if (detail.error)
    return (
      <p role="alert" className="text-[0.85rem] text-red-300">
        {errorMessage(detail.error)}
      </p>
    );
  if (!detail.data) return <p className="text-[0.85rem] text-slate-400">{t('detail.loading')}</p>;
  return <FacilityBody detail={detail.data} />;
}

/** An order picked on the wall: its facts and live clock, the follow-ups the viewer may make, the timeline, and the way to the dispatch hub. */
function OrderDetailView({ id }: { id: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const now = useNow();
  const { nameOf } = useCategories();
  const detail = useQuery(trpc.orders.get.queryOptions({ id }));
  if (detail.error)
    return (
      <p role="alert" className="text-[0.85rem] text-red-300">
        {errorMessage(detail.error)}
      </p>
    );
  if (!detail.data) return <p className="text-[0.85rem] text-slate-400">{t('detail.loading')}</p>;
  return (
    <div data-testid="detail-order" data-code={detail.data.order.code}>
      <div className="-mx-3 -mt-2">
        <OrderFacts detail={detail.data} categoryName={nameOf} now={now} />
      </div>
      <a
        href="/dispatch"
        data-testid="detail-order-open"
        className="my-2 inline-block rounded border border-sky-400/40 px-2 py-0.5 text-[0.78rem] text-sky-200 hover:bg-sky-900/40"
      >
        {t('map.order.open')}
      </a>
      {/* 督办 and the other follow-ups for those who may (a leader or the duty officer at the wall). */}
      <div className="mb-2">
        <OrderActions detail={detail.data} quiet />
      </div>
      <OrderTimeline entries={detail.data.timeline} attachments={detail.data.attachments} />
    </div>
  );
}

export function DetailPanel({ selection, units, onClose, unitExtra }: DetailPanelProps) {
  const { t } = useI18n();
  if (!selection) {
    return (
      <Panel title={t('detail.title')} testId="detail-placeholder" className="shrink-0" bodyClassName="p-3">
        <p className="text-[0.85rem] text-slate-400">{t('detail.empty')}</p>
      </Panel>
    );
  }
  const unit = selection.type === 'unit' ? units.find((u) => u.id === selection.id) : undefined;
  return (
    <Panel
      title={t('detail.title')}
      testId="detail-panel"
      className="max-h-[24rem] shrink-0"
      bodyClassName="overflow-y-auto p-3 [scrollbar-width:thin] [scrollbar-color:rgba(56,189,248,0.3)_transparent]"
      aside={
        <Button data-testid="detail-close" onClick={onClose} variant="quiet" size="xs">
          {t('detail.close')}
        </Button>
      }
    >
      {selection.type === 'facility' ? (
        <FacilityDetailView id={selection.id} />
      ) : selection.type === 'order' ? (
        <OrderDetailView id={selection.id} />
      ) : unit ? (
        <>
          <UnitBody unit={unit} />
          {unitExtra}
        </>
      ) : (
        <p className="text-[0.85rem] text-slate-400">{t('detail.unitGone')}</p>
      )}
    </Panel>
  );
}
