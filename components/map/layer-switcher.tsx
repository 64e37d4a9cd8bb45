'use client';
/** Layer switcher, grouped as the bureau groups its work (市容, 环卫, 景观灯光, 自助终端, 应急值守). */
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatNumber } from '@/domain/i18n/format';
import { LAYER_GROUPS, type LayerKey } from './layer-catalog';

export interface LayerSwitcherProps {
  visible: ReadonlySet<LayerKey>;
  /** Features per layer, shown beside its name; undefined while loading. */
  counts: Partial<Record<LayerKey, number>>;
  onToggle(key: LayerKey, visible: boolean): void;
  /** A swatch colour per layer (CSS). */
  swatches: Record<LayerKey, string>;
}

export function LayerSwitcher({ visible, counts, onToggle, swatches }: LayerSwitcherProps) {
  const { t, locale } = useI18n();
  return (
    <nav
      data-testid="layer-switcher"
      aria-label={t('map.layers')}
      className="w-[15.5rem] shrink-0 rounded-lg border border-sky-400/25 bg-slate-950/85 p-2 text-[0.82rem] shadow-2xl backdrop-blur-sm"
    >
      <div className="px-1 pb-1 text-[0.78rem] font-semibold tracking-wider text-sky-300">{t('map.layers')}</div>
      {LAYER_GROUPS.map((group) => (
        <fieldset key={group.key} data-testid={`layer-group-${group.key}`} className="border-t border-sky-400/10 py-1 first:border-t-0">
          <legend className="px-1 pt-1 text-[0.72rem] text-slate-400">{t(group.labelKey)}</legend>
          {group.layers.map((layer) => {
            const count = counts[layer.key];
            return (
              <label key={layer.key} className="flex cursor-pointer items-center gap-2 rounded px-1 py-[0.2rem] hover:bg-sky-400/10">
                <input
                  type="checkbox"
                  data-testid={`layer-toggle-${layer.key}`}
                  checked={visible.has(layer.key)}
                  onChange={(e) => onToggle(layer.key, e.target.checked)}
                  className="h-[0.9rem] w-[0.9rem] accent-sky-400"
                />
                <span className="h-[0.6rem] w-[0.6rem] shrink-0 rounded-full" style={{ background: swatches[layer.key] }} aria-hidden />
                <span className="min-w-0 flex-1 truncate text-slate-100">{t(layer.labelKey)}</span>
                <span className="tabular-nums text-slate-500" data-testid={`layer-count-${layer.key}`}>
                  {count === undefined ? '…' : formatNumber(count, locale)}
                </span>
              </label>
            );
          })}
        </fieldset>
      ))}
    </nav>
  );
}
