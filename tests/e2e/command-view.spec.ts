/**
 * The wall screen as a duty officer uses it: the map draws with every layer, layers switch, vehicles move live
 * over Socket.IO, a click opens a facility's detail, and nothing is requested from beyond this machine.
 */
import type { Page } from '@playwright/test';
import { expect, signIn, test, waitForWall } from './fixtures';
import { DEFAULT_LAYER_KEYS } from '../../components/map/layer-catalog';

async function waitForMap(page: Page) {
  await waitForWall(page);
}

/** Every switchable layer the wall offers (the catalogue the switcher is built from). */
/** The layers the wall opens with. */
const ALL_LAYERS = DEFAULT_LAYER_KEYS;

test.beforeEach(async ({ page }) => {
  await signIn(page, 'duty');
  await waitForMap(page);
});

test('the map draws every layer of the seeded district', async ({ page }) => {
  test.setTimeout(180_000);
  await expect(page.getByTestId('command-title')).toHaveText('绿容一张图 · 长宁区');
  const visible = await page.evaluate(() => window.__onemap!.layerIds());
  for (const key of ALL_LAYERS) expect(visible).toContain(`onemap-${key}`);
  expect(await page.evaluate(() => window.__onemap!.featureCount('onemap-kiosks'))).toBe(46);
  expect(await page.evaluate(() => window.__onemap!.featureCount('onemap-lights'))).toBe(2000);
  await expect(page.getByTestId('layer-count-kiosks')).toHaveText('46');
  // The base map's own layers (boundaries with Chinese names) are drawn by MapLibre from this server.
  const baseLayers = await page.evaluate(() => window.__onemap!.map!.getStyle().layers.map((l) => l.id));
  expect(baseLayers.length).toBeGreaterThan(3);
  await expect(page.getByText('© OpenStreetMap 贡献者')).toBeVisible();
  await expect(page.getByTestId('kpi-kiosks-online')).toContainText('46');

  // A view someone chose is kept when the window changes size…
  const zoom = () => page.evaluate(() => window.__onemap!.map!.getZoom());
  const at1080 = await zoom();
  const box = (await page.getByTestId('command-map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Zoom in, not out: zoomed out, the district's bounds limit the view, and a smaller window may then have to
  // change the zoom to stay inside them.
  await page.mouse.wheel(0, -600);
  await expect.poll(zoom).toBeGreaterThan(at1080 + 0.5);
  // The wheel's easing can run for seconds on a loaded machine: read the chosen view once the map has stopped.
  const settledZoom = () =>
    page.evaluate(async () => {
      const map = window.__onemap!.map!;
      for (;;) {
        const before = map.getZoom();
        await new Promise((done) => setTimeout(done, 400));
        if (!map.isMoving() && map.getZoom() === before) return before;
      }
    });
  const chosen = await settledZoom();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(500);
  expect(await zoom()).toBeCloseTo(chosen, 5);

  // …while an untouched wall moved to 4K fills the larger map (one zoom level more for twice the pixels). Software
  // WebGL paints a 4K frame in seconds, so the wall goes there last and once.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.reload();
  await waitForMap(page);
  await page.setViewportSize({ width: 3840, height: 2160 });
  await expect.poll(zoom, { timeout: 60_000 }).toBeGreaterThan(at1080 + 0.7);
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
  test.setTimeout(120_000); // eighteen layer switches, each redrawing the wall with software WebGL on a busy CI machine
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

/** How many of a layer's facilities are filed under a sub-district: the hand count, from the map's own layer data. */
async function countInArea(page: Page, kind: string, code: string | null): Promise<number> {
  return page.evaluate(
    async ({ kind, code }) => {
      const input = encodeURIComponent(JSON.stringify({ json: { kind } }));
      const layer = (await (await fetch(`/api/trpc/map.layer?input=${input}`)).json()).result.data.json as {
        subDistricts: string[];
        subDistrict: number[];
      };
      return code === null ? layer.subDistrict.length : layer.subDistrict.filter((i) => layer.subDistricts[i] === code).length;
    },
    { kind, code },
  );
}

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test('choosing a sub-district zooms the map to it, and the KPIs and charts count that sub-district', async ({ page }) => {
  const zoomBefore = await page.evaluate(() => window.__onemap!.map!.getZoom());
  const facilitiesTotal = page.getByTestId('kpi-facilities-total').locator('[data-value]');
  const lightsNote = page.getByTestId('kpi-lights-on-rate').locator('[data-value] + div');
  await expect(lightsNote).toHaveText(/[\d,]+ \/ [\d,]+$/);
  const district = digits(await facilitiesTotal.textContent());
  expect(district).toBeGreaterThan(0);
  expect((await lightsNote.textContent())!.split('/')[1].trim().replace(/\D/g, '')).toBe(String(await countInArea(page, 'light', null)));

  const select = page.getByTestId('subdistrict-select');
  await select.selectOption({ label: '天山路街道' });
  const code = await select.inputValue();
  await expect.poll(() => page.evaluate(() => window.__onemap!.subDistrict())).not.toBeNull();
  await expect.poll(() => page.evaluate(() => window.__onemap!.map!.getZoom()), { timeout: 10_000 }).toBeGreaterThan(zoomBefore + 0.5);

  // By hand from the layers: the area's lights and kiosks are what its tiles count now.
  const [lights, kiosks] = [await countInArea(page, 'light', code), await countInArea(page, 'kiosk', code)];
  expect(lights).toBeGreaterThan(0);
  await expect(lightsNote).toHaveText(new RegExp(`/ ${lights.toLocaleString('en')}$`));
  await expect(page.getByTestId('kpi-kiosks-online')).toContainText(kiosks ? `/ ${kiosks}` : '—');
  await expect.poll(async () => digits(await facilitiesTotal.textContent())).toBeLessThan(district);
  // The lights chart shows that one sub-district; back to the whole district, the district's figures return.
  await expect(page.getByTestId('chart-light-rates').locator('.recharts-yAxis .recharts-cartesian-axis-tick')).toHaveCount(1);
  await select.selectOption({ label: '长宁区全域' });
  await expect.poll(async () => digits(await facilitiesTotal.textContent())).toBe(district);
});

/** The clusters the map draws now, with where they are on screen (read through deck.gl's picking, nothing changed). */
async function visibleClusters(page: Page) {
  return page.evaluate(() => {
    const hook = window.__onemap!;
    const canvas = hook.map!.getCanvas();
    const box = canvas.getBoundingClientRect();
    const picks = hook.deck!.pickObjects({ x: 0, y: 0, width: box.width, height: box.height, layerIds: ['onemap-vehicles-clusters'] });
    return picks.map((p) => {
      const cluster = p.object as { count: number; position: [number, number] };
      const { x, y } = hook.map!.project(cluster.position);
      return { count: cluster.count, x: box.left + x, y: box.top + y };
    });
  });
}

const clusteredTotal = (page: Page) =>
  page.evaluate(() => window.__onemap!.labels('onemap-vehicles-clusters').reduce((sum, text) => sum + Number(text), 0));

test('vehicles are icons: clustered by status at district zoom, split by a click, with plates at street zoom', async ({ page }) => {
  test.setTimeout(120_000);
  // Icons, not dots: the vehicles layer is drawn with deck.gl's IconLayer (shape by kind, turned to the heading).
  expect(await page.evaluate(() => window.__onemap!.layerType('onemap-vehicles'))).toBe('IconLayer');
  // District zoom: overlapping vehicles are gathered into rings that count them; no plates yet.
  await expect.poll(() => clusteredTotal(page)).toBeGreaterThan(1);
  expect(await page.evaluate(() => window.__onemap!.layerIds())).not.toContain('onemap-vehicles-plates');
  const before = await clusteredTotal(page);
  const vehicles = await page.evaluate(() => window.__onemap!.featureCount('onemap-vehicles'));
  expect(before).toBeLessThanOrEqual(vehicles);
  await expect(page.getByTestId('legend-vehicles')).toContainText('设备告警');

  // A click on the biggest ring zooms in until it falls apart: fewer vehicles are hidden in rings.
  const zoom = () => page.evaluate(() => window.__onemap!.map!.getZoom());
  const zoomBefore = await zoom();
  const clusters = await visibleClusters(page);
  expect(clusters.length).toBeGreaterThan(0);
  const biggest = clusters.sort((a, b) => b.count - a.count)[0];
  await page.mouse.click(biggest.x, biggest.y);
  await expect.poll(zoom, { timeout: 10_000 }).toBeGreaterThan(zoomBefore + 0.9);
  await expect.poll(() => clusteredTotal(page), { timeout: 10_000 }).toBeLessThan(before);

  // Street zoom: every vehicle stands alone and carries its plate (沪A·…).
  const box = (await page.getByTestId('command-map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 30 && (await zoom()) < 15.2; i++) {
    await page.mouse.wheel(0, -500);
    await page.waitForTimeout(300);
  }
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds()), { timeout: 10_000 }).toContain('onemap-vehicles-plates');
  expect(await clusteredTotal(page)).toBe(0);
  const plates = await page.evaluate(() => window.__onemap!.labels('onemap-vehicles-plates'));
  expect(plates.length).toBeGreaterThan(0);
  expect(plates.length).toBeLessThanOrEqual(vehicles);
  expect(plates.every((plate) => /^沪[A-Z]·[A-Z0-9]{5}$/.test(plate))).toBe(true);
});

/** The picture of the base map shows before the map is ready, with the live units on it, and goes once it is. */
async function expectPictureThenMap(page: Page) {
  const placeholder = page.getByTestId('map-snapshot').locator('canvas');
  await expect(placeholder).toBeVisible({ timeout: 30_000 });
  // Shown before the map is ready, with the units' clusters and icons painted on it.
  await expect(page.getByTestId('command-map')).toHaveAttribute('data-ready', 'false');
  await expect.poll(async () => Number(await placeholder.getAttribute('data-symbols')), { timeout: 30_000 }).toBeGreaterThan(10);
  const picture = await placeholder.evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
  expect(picture).toBeGreaterThan(50); // a drawn map, not a blank box

  await waitForWall(page);
  await expect(page.getByTestId('map-snapshot')).toHaveCount(0);
  const [firstView, ready] = await page.evaluate(() => [window.__onemap!.firstViewAtMs()!, window.__onemap!.readyAtMs()!]);
  expect(firstView).toBeLessThan(ready);
}

test('a wall opened again, or in a browser that never opened it, shows the last base map with the live units at once, until the map has drawn itself', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  // The first start keeps a picture of the base map (IndexedDB, and the server for other browsers) once drawn.
  const kept = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('onemap-base-map');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('snapshots')) return resolve(0);
            const count = db.transaction('snapshots').objectStore('snapshots').count();
            count.onsuccess = () => resolve(count.result);
          };
          open.onerror = () => resolve(0);
        }),
    );
  await expect.poll(kept, { timeout: 20_000 }).toBe(1);

  const again = await page.context().newPage();
  await again.goto('/');
  await expectPictureThenMap(again);
  await again.close();
  // One wall at a time: two software-WebGL walls on this machine's two cores would each take twice as long.
  await page.goto('about:blank');

  // Another person's browser, with nothing of its own kept: the picture comes from the server.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signIn(other, 'dispatcher', '/');
  await expectPictureThenMap(other);
  await elsewhere.close();
});
