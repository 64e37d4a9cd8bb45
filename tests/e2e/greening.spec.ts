/**
 * 绿化 on the wall and the resource centre, as a duty officer uses them: the 绿化 layers show 中山公园 with its
 * name written on the map, a click opens it with its area, the KPIs give the green area; at /data the ledger
 * finds it, the sub-districts are compared and the selection downloads as GeoJSON.
 */
import type { Page } from '@playwright/test';
import { ALL_LAYER_KEYS, DEFAULT_LAYER_KEYS } from '../../components/map/layer-catalog';
import { expect, signIn, test, waitForWall } from './fixtures';

async function waitForMap(page: Page) {
  await waitForWall(page);
}

/** Centres the map on a place at a zoom and answers where it is on the page, for the mouse. */
async function centreOn(page: Page, lngLat: [number, number], zoom: number): Promise<{ x: number; y: number }> {
  await page.evaluate(([center, z]) => window.__onemap!.map!.jumpTo({ center, zoom: z }), [lngLat, zoom] as const);
  await page.waitForFunction(() => window.__onemap!.map!.loaded());
  return page.evaluate((at) => {
    const map = window.__onemap!.map!;
    const { x, y } = map.project(at);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, lngLat);
}

test('the 绿化 layers show 中山公园 with its name on the wall, and a click opens it with its area', async ({ page }) => {
  test.setTimeout(120_000); // seventeen layer switches, each redrawing the wall with software WebGL on a busy CI machine
  await signIn(page, 'duty');
  await waitForMap(page);
  await expect(page.getByTestId('layer-count-parks')).toHaveText('60');
  // Only the parks on the map, so the click lands on 中山公园 and nothing else.
  for (const key of DEFAULT_LAYER_KEYS.filter((k) => k !== 'parks')) await page.getByTestId(`layer-toggle-${key}`).click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds())).toEqual(['onemap-parks', 'onemap-parks-labels']);
  const labels = await page.evaluate(() => window.__onemap!.labels('onemap-parks-labels'));
  expect(labels).toContain('中山公园');
  expect(labels).toHaveLength(19);

  const park = await page.evaluate(async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { kind: 'park' } }));
    const layer = (await (await fetch(`/api/trpc/map.layer?input=${input}`)).json()).result.data.json as {
      names: string[];
      positions: number[];
    };
    const i = layer.names.indexOf('中山公园');
    return [layer.positions[i * 2], layer.positions[i * 2 + 1]] as [number, number];
  });
  const point = await centreOn(page, park, 15);
  await page.mouse.click(point.x, point.y);
  await expect(page.getByTestId('detail-name')).toHaveText('中山公园');
  await expect(page.getByTestId('detail-area')).toContainText('公顷');
  await expect(page.getByTestId('kpi-green-area')).toContainText('公顷');
  expect(ALL_LAYER_KEYS).toEqual(expect.arrayContaining(['parks', 'trees', 'greening-crews', 'litter-bins', 'benches', 'fountains']));
});

test('the resource centre finds 中山公园, compares the sub-districts and exports the selection', async ({ page }) => {
  await signIn(page, 'duty', '/data');
  await expect(page.getByTestId('data-title')).toHaveText('数据资源中心');
  await page.getByTestId('data-filter-kind').selectOption('park');
  await page.getByTestId('data-filter-text').fill('中山公园');
  await page.getByTestId('data-search').click();
  await expect(page.getByTestId('data-total')).toHaveText('共 1 条');
  await expect(page.getByTestId('data-row')).toHaveCount(1);
  await expect(page.getByTestId('data-row').first()).toContainText('中山公园');
  await expect(page.getByTestId('data-indicator-row')).toHaveCount(10);

  const href = await page.getByTestId('data-export-geojson').getAttribute('href');
  const download = await page.request.get(href!);
  expect(download.ok()).toBe(true);
  const collection = (await download.json()) as { features: Array<{ properties: { name: string } }> };
  expect(collection.features.map((f) => f.properties.name)).toEqual(['中山公园']);

  await page.getByTestId('data-theme-sanitation').click();
  await page.getByTestId('data-filter-kind').selectOption('toilet');
  // The synthetic toilets are gone: the 92 real ones from OpenStreetMap replaced them (an import spec run before
  // this one may have added a few more real ones, so the count is a floor).
  await page.getByTestId('data-filter-origin').selectOption('synthetic');
  await page.getByTestId('data-search').click();
  await expect(page.getByTestId('data-total')).toHaveText('共 0 条');
  await page.getByTestId('data-filter-origin').selectOption('real');
  await page.getByTestId('data-search').click();
  await expect(page.getByTestId('data-total')).toHaveText(/^共 (9[2-9]|[1-9]\d{2,}) 条$/);
});

test('作业覆盖 shows the road segments the sweepers and washers worked today, by whom and when', async ({ page }) => {
  test.setTimeout(240_000); // the simulated sweepers need a minute or two of driving after the server starts
  await signIn(page, 'duty', '/data');
  const covered = page.locator('[data-testid="coverage-segment"][data-covered="true"]');
  await expect(async () => {
    await page.reload();
    await page.getByTestId('data-theme-sanitation').click();
    await expect(page.getByTestId('coverage-grades')).toBeVisible({ timeout: 20_000 });
    await expect(covered.first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 200_000, intervals: [10_000] });
  await expect(page.getByTestId('coverage')).toContainText('15 米内');
  // A worked segment names its vehicles and the time it was worked; the grade table counts it.
  await expect(covered.first().getByTestId('coverage-units')).not.toBeEmpty();
  await expect(covered.first()).toContainText(/\d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2}/);
  const worked = await page.locator('[data-testid="coverage-grade-covered"]').allTextContents();
  const workedCount = worked.reduce((sum, n) => sum + Number(n.replace(/,/g, '')), 0);
  expect(workedCount).toBeGreaterThan(0);

  // The same day on the wall: the coverage layer bands the worked segments and the legend counts them.
  await page.goto('/');
  await waitForMap(page);
  for (const key of DEFAULT_LAYER_KEYS.filter((k) => k !== 'road-segments')) await page.getByTestId(`layer-toggle-${key}`).click();
  await page.getByTestId('layer-toggle-work-coverage').click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.layerIds())).toEqual(['onemap-work-coverage', 'onemap-road-segments']);
  await expect.poll(() => page.evaluate(() => window.__onemap!.featureCount('onemap-work-coverage'))).toBeGreaterThan(0);
  await expect(page.getByTestId('legend-work-coverage')).toContainText('已作业');
  // The segment's tooltip tells who worked it and when: hover the middle of a worked segment.
  const segment = await page.evaluate(
    async (day) => {
      const get = async (path: string, input: unknown) =>
        (await (await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)).json()).result.data.json;
      const coverage = (await get('resources.workCoverage', { day })) as { segments: Array<{ id: number; covered: boolean }> };
      const roads = (await get('map.layer', { kind: 'road_segment' })) as { ids: number[]; paths: number[][][] };
      const id = coverage.segments.find((s) => s.covered)!.id;
      const path = roads.paths[roads.ids.indexOf(id)][0];
      const middle = 2 * Math.floor(path.length / 4);
      return [path[middle], path[middle + 1]] as [number, number];
    },
    await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())),
  );
  const point = await centreOn(page, segment, 17);
  await page.mouse.move(point.x, point.y);
  await expect(page.getByTestId('tooltip-coverage')).toContainText(/已作业 · \d+(\.\d+)?% · \d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2}/);
});
