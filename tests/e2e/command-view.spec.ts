/**
 * The wall screen as a duty officer uses it: the map draws with every layer, layers switch, vehicles move live
 * over Socket.IO, a click opens a facility's detail, and nothing is requested from beyond this machine.
 */
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { DEFAULT_LAYER_KEYS } from '../../components/map/layer-catalog';

async function waitForMap(page: Page) {
  await page.waitForFunction(() => window.__onemap?.isReady(), undefined, { timeout: 45_000 });
}

/** Every switchable layer the wall offers (the catalogue the switcher is built from). */
/** The layers the wall opens with. */
const ALL_LAYERS = DEFAULT_LAYER_KEYS;

test.beforeEach(async ({ page }) => {
  await signIn(page, 'duty');
  await waitForMap(page);
});

test('the map draws every layer of the seeded district', async ({ page }) => {
  await expect(page.getByTestId('command-title')).toHaveText('绿容一张图 · 长宁区');
  const visible = await page.evaluate(() => window.__onemap!.layerIds());
  for (const key of ALL_LAYERS) expect(visible).toContain(`onemap-${key}`);
  expect(await page.evaluate(() => window.__onemap!.featureCount('onemap-kiosks'))).toBe(46);
  expect(await page.evaluate(() => window.__onemap!.featureCount('onemap-lights'))).toBe(2000);
  await expect(page.getByTestId('layer-count-kiosks')).toHaveText('46');
  // The base map's own layers (boundaries with Chinese names) are drawn by MapLibre from this server.
  const baseLayers = await page.evaluate(() => window.__onemap!.map!.getStyle().layers.map((l) => l.id));
  expect(baseLayers.length).toBeGreaterThan(3);
  await expect(page.getByText('© OpenStreetMap contributors')).toBeVisible();
  await expect(page.getByTestId('kpi-kiosks-online')).toContainText('46');
});

test('switching a layer off removes it from the map and back on restores it', async ({ page }) => {
  await page.getByTestId('layer-toggle-lights').click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds())).not.toContain('onemap-lights');
  expect(await page.evaluate(() => window.__onemap!.layerIds())).toContain('onemap-kiosks');
  await page.getByTestId('layer-toggle-lights').click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds())).toContain('onemap-lights');
});

test('vehicles move on the map as positions arrive over Socket.IO', async ({ page }) => {
  const frames: number[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => typeof f.payload !== 'string' && frames.push(f.payload.length)));
  // Any unit the simulator drives: take the first few ids and watch them.
  const before = await page.evaluate(() => [1, 2, 3, 4, 5].map((id) => window.__onemap!.unitPosition(id)));
  expect(before.filter(Boolean).length).toBeGreaterThan(0);
  await expect
    .poll(
      async () => {
        const now = await page.evaluate(() => [1, 2, 3, 4, 5].map((id) => window.__onemap!.unitPosition(id)));
        return now.some((p, i) => p && before[i] && (p[0] !== before[i]![0] || p[1] !== before[i]![1]));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await expect(page.getByTestId('kpi-units-online')).not.toContainText(/^\s*0/);
});

test('clicking a kiosk opens its detail, real data without the synthetic badge', async ({ page }) => {
  // Only the kiosks on the map, so the click cannot land on something else.
  for (const key of ALL_LAYERS.filter((k) => k !== 'kiosks')) await page.getByTestId(`layer-toggle-${key}`).click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds())).toEqual(['onemap-kiosks']);
  const kiosk = await page.evaluate(async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { kind: 'kiosk' } }));
    const response = await fetch(`/api/trpc/map.layer?input=${input}`);
    const layer = (await response.json()).result.data.json as { names: string[]; positions: number[] };
    return { name: layer.names[0], lngLat: [layer.positions[0], layer.positions[1]] as [number, number] };
  });
  const point = await page.evaluate((lngLat) => {
    const map = window.__onemap!.map!;
    const { x, y } = map.project(lngLat);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, kiosk.lngLat);
  await page.mouse.click(point.x, point.y);
  await expect(page.getByTestId('detail-panel')).toBeVisible();
  await expect(page.getByTestId('detail-name')).toHaveText(kiosk.name);
  await expect(page.getByTestId('detail-synthetic')).toHaveCount(0);
  await page.getByTestId('detail-close').click();
  await expect(page.getByTestId('detail-panel')).toHaveCount(0);
});

test('choosing a sub-district zooms the map to it', async ({ page }) => {
  const zoomBefore = await page.evaluate(() => window.__onemap!.map!.getZoom());
  const select = page.getByTestId('subdistrict-select');
  await select.selectOption({ label: '天山路街道' });
  await expect.poll(() => page.evaluate(() => window.__onemap!.subDistrict())).not.toBeNull();
  await expect.poll(() => page.evaluate(() => window.__onemap!.map!.getZoom()), { timeout: 10_000 }).toBeGreaterThan(zoomBefore + 0.5);
});

test('the wall fills a 4K screen without scrollbars', async ({ page }) => {
  await page.setViewportSize({ width: 3840, height: 2160 });
  await waitForMap(page);
  const overflow = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth > window.innerWidth,
    y: document.documentElement.scrollHeight > window.innerHeight,
  }));
  expect(overflow).toEqual({ x: false, y: false });
});
