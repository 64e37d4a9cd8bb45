/** Sub-district labels in the viewer's language: English names where the data has them, Chinese otherwise. */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { Locale } from '@/domain/i18n/messages';

export const LOCALIZED_LABEL_LAYERS = ['sub-district-label'] as const;

export function labelField(locale: Locale): ExpressionSpecification {
  return locale === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['get', 'name'];
}

export function localizeLabels(map: MapLibreMap, locale: Locale): void {
  for (const id of LOCALIZED_LABEL_LAYERS) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', labelField(locale));
  }
}
