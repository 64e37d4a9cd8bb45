'use client';
/**
 * The legend of what is on the map now: for each visible layer its statuses (or cleaning grades) in the colours
 * the layer draws them, with counts, so the wall can be read without a key card.
 */
import { useState } from 'react';
import { formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { statusCounts } from './compact-layer';
import { ALL_LAYERS, type LayerKey } from './layer-catalog';
import { FEE_OVERAGE_RING, FEE_STATE_FILL, type FeeMapPoint } from './layers/fee-points-layer';
import { COVERAGE_BAND, coverageStateOf, type SegmentCoverageView } from './layers/work-coverage-layer';
import type { CompactFacilityLayer, FacilityKind } from './map-types';
import { cssColour, gradeColour, statusColour } from './status-colours';
import { SHAPE_PATHS, SYMBOL_BOX, type SymbolShape, UNIT_SHAPE, UNIT_STATUS_LABEL, UNIT_STATUS_RGBA, UNIT_STATUSES } from './unit-symbols';
import { cleaningGradeLabel, statusLabel } from './status-label';
import { ALARM_LEVELS } from '@/domain/alarms/alarm-types';
import { ALARM_LEVEL_RGBA } from '@/components/alarms/alarm-colours';
import { DEADLINE_FILL } from '@/components/orders/order-colours';
import { ORDER_DEADLINE_LABEL, type WallOrder } from '@/components/orders/use-wall-orders';

export interface MapLegendProps {
  visible: ReadonlySet<LayerKey>;
  facilityLayers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  orders?: readonly WallOrder[];
  feePoints?: readonly FeeMapPoint[];
  coverage?: readonly SegmentCoverageView[];
}

interface Entry {
  colour: string;
  label: string;
  count?: number;
  /** Drawn as this symbol (a unit kind's shape) instead of a round swatch. */
  shape?: SymbolShape;
}

/** Unit shapes are shown in a neutral white: in the legend as on the map, the colour says the status. */
const SHAPE_FILL = 'rgba(226, 232, 240, 0.95)';

function Swatch({ entry }: { entry: Entry }) {
  if (!entry.shape) return <span className="h-[0.55rem] w-[0.55rem] rounded-full" style={{ background: entry.colour }} aria-hidden />;
  return (
    <svg viewBox={`0 0 ${SYMBOL_BOX} ${SYMBOL_BOX}`} className="h-[0.95rem] w-[0.95rem]" aria-hidden data-shape={entry.shape}>
      <path d={SHAPE_PATHS[entry.shape]} fill={entry.colour} stroke="rgba(4, 10, 21, 0.9)" strokeWidth={3} />
    </svg>
  );
}

function gradeEntries(layer: CompactFacilityLayer, label: (grade: string) => string): Entry[] {
  const counts = new Map<string, number>();
  for (const grade of layer.grades) counts.set(grade, (counts.get(grade) ?? 0) + 1);
  // Ordered by the grade as written (一级, 二级, 三级), whatever language it is shown in.
  return [...counts.entries()]
    .sort(([a], [b]) => (a || '\uffff').localeCompare(b || '\uffff', 'zh'))
    .map(([grade, count]) => ({ colour: cssColour(gradeColour(grade, layer.grades)), label: label(grade), count }));
}

/** Not worked today: the segment's own line only; its swatch is the dim of an idle facility. */
const NOT_WORKED = cssColour([100, 116, 139, 200]);

export function MapLegend({ visible, facilityLayers, orders = [], feePoints = [], coverage = [] }: MapLegendProps) {
  const { t, locale } = useI18n();
  const [folded, setFolded] = useState(false);
  const sections = ALL_LAYERS.filter((def) => visible.has(def.key)).map((def) => {
    if (def.source === 'orders') {
      const entries: Entry[] = (['ok', 'nearing', 'overdue'] as const).map((state) => ({
        colour: cssColour(DEADLINE_FILL[state]),
        label: t(ORDER_DEADLINE_LABEL[state]),
        count: orders.filter((o) => o.deadlineState === state).length,
      }));
      return { key: def.key, title: t(def.labelKey), entries };
    }
    if (def.source === 'feePoints') {
      const entries: Entry[] = (['active', 'renewal_due', 'draft', 'ended', 'none'] as const).map((state) => ({
        colour: cssColour(FEE_STATE_FILL[state]),
        label: t(`map.feePoint.${state}`),
        count: feePoints.filter((p) => p.contractState === state).length,
      }));
      entries.push({
        colour: cssColour(FEE_OVERAGE_RING),
        label: t('map.feePoint.overage'),
        count: feePoints.filter((p) => p.overage).length,
      });
      return { key: def.key, title: t(def.labelKey), entries };
    }
    if (def.source === 'coverage') {
      const count = (state: string) => coverage.filter((c) => coverageStateOf(c) === state).length;
      const entries: Entry[] = [
        { colour: cssColour(COVERAGE_BAND.covered), label: t('coverage.state.covered'), count: count('covered') },
        { colour: cssColour(COVERAGE_BAND.partial), label: t('coverage.state.partial'), count: count('partial') },
        { colour: NOT_WORKED, label: t('coverage.state.none'), count: count('none') },
      ];
      return { key: def.key, title: t(def.labelKey), entries };
    }
    if (def.source === 'units') {
      // Shape says the kind, colour the status (the same three colours for every unit layer).
      const entries: Entry[] = def.unitKinds.map((kind) => ({ colour: SHAPE_FILL, label: t(`unitKind.${kind}`), shape: UNIT_SHAPE[kind] }));
      for (const status of UNIT_STATUSES)
        entries.push({ colour: cssColour(UNIT_STATUS_RGBA[status]), label: t(UNIT_STATUS_LABEL[status]) });
      return { key: def.key, title: t(def.labelKey), entries };
    }
    if (def.source === 'alarms') {
      const entries: Entry[] = ALARM_LEVELS.map((level) => ({
        colour: cssColour(ALARM_LEVEL_RGBA[level]),
        label: t(`alarms.level.${level}`),
      }));
      return { key: def.key, title: t(def.labelKey), entries };
    }
    const layer = facilityLayers[def.kind];
    if (!layer) return { key: def.key, title: t(def.labelKey), entries: [] };
    const entries =
      layer.geometry === 'path' && layer.grades.some(Boolean)
        ? gradeEntries(layer, (grade) => (grade ? cleaningGradeLabel(t, grade) : t('map.legend.gradeNone')))
        : statusCounts(layer).map(({ status, count }) => ({
            colour: cssColour(statusColour(def.kind, status)),
            label: statusLabel(t, status),
            count,
          }));
    const title =
      layer.geometry === 'path' && layer.grades.some(Boolean) ? `${t(def.labelKey)} · ${t('map.legend.grade')}` : t(def.labelKey);
    return { key: def.key, title, entries };
  });

  if (sections.length === 0) return null;
  return (
    <div
      data-testid="map-legend"
      aria-label={t('map.legend')}
      className="flex min-h-0 w-[15.5rem] shrink flex-col rounded-lg border border-sky-400/25 bg-slate-950/85 p-2 text-[0.74rem] shadow-2xl backdrop-blur-sm"
    >
      <button
        type="button"
        data-testid="map-legend-toggle"
        aria-expanded={!folded}
        onClick={() => setFolded((f) => !f)}
        className="flex items-center justify-between px-1 pb-1 text-left text-[0.78rem] font-semibold tracking-wider text-sky-300"
      >
        {t('map.legend')}
        <span aria-hidden className="text-slate-500">
          {folded ? '▸' : '▾'}
        </span>
      </button>
      {/* However many layers are on, the legend keeps to its box: it scrolls, and each layer's group folds away. */}
      {folded ? null : (
        <div className="min-h-0 overflow-y-auto">
          {sections.map((section) => (
            <details key={section.key} open data-testid={`legend-${section.key}`} className="px-1 py-[0.15rem]">
              <summary className="cursor-pointer text-slate-400">{section.title}</summary>
              <div className="flex flex-wrap gap-x-3 gap-y-[0.1rem]">
                {section.entries.map((entry) => (
                  <span key={entry.label} className="inline-flex items-center gap-1 text-slate-200">
                    <Swatch entry={entry} />
                    {entry.label}
                    {entry.count !== undefined ? (
                      <span className="tabular-nums text-slate-500">{formatNumber(entry.count, locale)}</span>
                    ) : null}
                  </span>
                ))}
              </div>
            </details>
          ))}
        </div>
      )}
    </div>
  );
}
