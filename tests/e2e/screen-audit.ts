/**
 * What a person looking at a screen would notice, found in the rendered page:
 * - raw codes and identifiers (`auth.sign_in`, `contract_state`, `initialThresholds`, `CRUSHER-1`) anywhere text is
 *   shown, and in the Chinese interface any Latin word that is not on the allow-list;
 * - content cut by its box: an element that hides overflow while its content is wider or taller than it (unless it
 *   is an ellipsis that carries the full text in its title), and a page wider or taller than the screen where the
 *   screen must fit.
 * Text inside an element marked `translate="no"` is a code on purpose (order numbers, plates, unit codes, file
 * names) and is skipped, as browsers skip it when translating.
 */
import type { Page } from '@playwright/test';

export interface AuditFinding {
  kind: 'code' | 'latin' | 'clipped' | 'page-overflow';
  text: string;
  where: string;
}

/** Latin words the Chinese interface may show: product and standard names, units of measure, file formats. */
export const LATIN_ALLOWED_IN_CHINESE = [
  'OneMap',
  'PostGIS',
  'OpenAPI',
  'Open311',
  'OsmAnd',
  'API',
  'ID',
  'TOTP',
  'GPS',
  'GIS',
  'PM',
  'PM2',
  'CSV',
  'XLSX',
  'Excel',
  'PDF',
  'GeoJSON',
  'Shapefile',
  'JSON',
  'Word',
  'docx',
  'HTML',
  'OSM',
  'OpenStreetMap',
  'WGS',
  'km',
  'kWh',
  'kW',
  'kg',
  'mg',
  'ms',
  'Hz',
  'KB',
  'MB',
  'GB',
  'App',
  'Socket',
  'IO',
  'PITR',
  'WAL',
  'IP',
  'USB',
  'SIM',
  'WebGL',
  'GeoPackage',
  'LED',
  'AI',
  'dB',
  'UTC',
  'ODbL',
  // Proper names in the district's own data
  'DOHO',
  'Traccar',
  'Client',
] as const;

/**
 * Collects every finding on the page as it is now. `fitScreen` also fails a page that scrolls (walls, cockpit).
 */
export async function auditScreen(page: Page, opts: { locale: 'zh' | 'en'; fitScreen?: boolean }): Promise<AuditFinding[]> {
  return page.evaluate(
    ({ locale, fitScreen, allowed }) => {
      const findings: { kind: 'code' | 'latin' | 'clipped' | 'page-overflow'; text: string; where: string }[] = [];
      const allow = new Set(allowed.map((w) => w.toLowerCase()));
      const describe = (el: Element | null): string => {
        const parts: string[] = [];
        for (let e = el; e && parts.length < 3; e = e.parentElement) {
          const id = e.getAttribute('data-testid');
          parts.push(id ? `${e.tagName.toLowerCase()}[data-testid=${id}]` : e.tagName.toLowerCase());
        }
        return parts.join(' < ');
      };
      const visible = (el: Element): boolean => {
        const s = getComputedStyle(el);
        if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      const pageLang = locale === 'zh' ? 'zh' : 'en';
      // Codes on purpose, and text marked as another language (the switch names English in English).
      const onPurposeCode = (el: Element | null) =>
        !!el?.closest('[translate="no"], script, style, noscript, code, pre') ||
        (!!el?.closest('[lang]') && !el.closest('[lang]')!.getAttribute('lang')!.startsWith(pageLang));

      // Identifiers as programs write them, never as people do.
      const codePatterns = [
        /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/, // snake_case
        /\b[a-z][a-z0-9]*\.[a-z][a-z0-9_]*[a-z0-9]\b/, // dotted.key (not 3.5 or a file.pdf: checked below)
        /\b[a-z]{2,}[A-Z][a-zA-Z]*\b/, // camelCase (not dB)
        /\b[A-Z]{2,}_[A-Z0-9_]+\b/, // SCREAMING_SNAKE
        /\b(?:undefined|null|NaN|true|false|\[object Object\])\b/,
      ];
      const fileName = /\.(?:pdf|csv|xlsx|docx|json|geojson|zip|png|jpg|jpeg|txt|html|md)\b/i;
      // Object codes people use by name (LIGHT-0001, FQ-CD-004, CN-LR-2026-FW01, order numbers): letters and digits in
      // dash-joined parts with at least one digit. They are allowed anywhere; the rest of the text is still checked.
      const objectCode = /\b[A-Z]{1,8}[A-Z0-9]*(?:-[A-Z0-9]{1,12})*-[A-Z]*\d[A-Z0-9]*\b/g;
      // File names (an import's planted.geojson) are names too.
      const fileNames = /[\w.-]+\.(?:geojson|json|csv|xlsx|xls|docx|html?|zip|gpkg|shp|pdf|png|jpe?g|txt)\b/gi;
      // Number plates (沪A·K0996) are names too.
      const plate = /[\u4e00-\u9fa5][A-Z]·?[A-Z0-9]{5,6}/g;
      const checkText = (text: string, el: Element) => {
        const t = text.trim().replace(objectCode, ' ').replace(plate, ' ').replace(fileNames, ' ');
        if (!t) return;
        for (const p of codePatterns) {
          const m = t.match(p);
          if (m && !fileName.test(m[0]) && !/^https?:/.test(t)) {
            findings.push({ kind: 'code', text: m[0], where: `${describe(el)}: ${t.slice(0, 80)}` });
            return;
          }
        }
        if (locale === 'zh') {
          for (const w of t.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []) {
            if (!allow.has(w.toLowerCase())) {
              findings.push({ kind: 'latin', text: w, where: `${describe(el)}: ${t.slice(0, 80)}` });
              return;
            }
          }
        }
      };

      // Text nodes a person sees.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || onPurposeCode(el) || !visible(el)) continue;
        checkText(n.textContent ?? '', el);
      }
      // Words a person sees without them being text: placeholders, tooltips, labels read aloud.
      for (const el of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label], option'))) {
        if (onPurposeCode(el)) continue;
        for (const attr of ['placeholder', 'title', 'aria-label']) {
          const v = el.getAttribute(attr);
          if (v) checkText(v, el);
        }
      }

      // Content cut by its box.
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        if (!(el instanceof HTMLElement) || !visible(el) || el.closest('.maplibregl-map canvas, svg')) continue;
        const s = getComputedStyle(el);
        const clipsX = s.overflowX === 'hidden' || s.overflowX === 'clip';
        const clipsY = s.overflowY === 'hidden' || s.overflowY === 'clip';
        const cutX = clipsX && el.scrollWidth > el.clientWidth + 1;
        const cutY = clipsY && el.scrollHeight > el.clientHeight + 1;
        if (!cutX && !cutY) continue;
        // An ellipsis that keeps the whole text in its title is a deliberate, readable cut.
        if (cutX && !cutY && s.textOverflow === 'ellipsis' && el.title) continue;
        // The map's own canvas container and screen-reader-only text hide overflow by design.
        if (el.classList.contains('maplibregl-canvas-container') || el.classList.contains('sr-only')) continue;
        if (el.classList.contains('maplibregl-map') || el.closest('.maplibregl-ctrl')) continue;
        findings.push({
          kind: 'clipped',
          text: (el.innerText || '').replace(/\s+/g, ' ').slice(0, 60),
          where: `${describe(el)} (${cutX ? `${el.scrollWidth}>${el.clientWidth} wide` : ''}${cutY ? ` ${el.scrollHeight}>${el.clientHeight} tall` : ''})`,
        });
      }
      const doc = document.documentElement;
      if (doc.scrollWidth > window.innerWidth + 1) {
        findings.push({ kind: 'page-overflow', text: `${doc.scrollWidth}px`, where: `page wider than ${window.innerWidth}px` });
      }
      if (fitScreen && doc.scrollHeight > window.innerHeight + 1) {
        findings.push({ kind: 'page-overflow', text: `${doc.scrollHeight}px`, where: `page taller than ${window.innerHeight}px` });
      }
      return findings;
    },
    { locale: opts.locale, fitScreen: opts.fitScreen ?? false, allowed: [...LATIN_ALLOWED_IN_CHINESE] },
  );
}
