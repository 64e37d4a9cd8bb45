/**
 * 数据采集 end to end (issue 15): the data steward imports a facility file with planted problems — GCJ-02
 * coordinates declared as WGS84 first, a point outside the district, rows without a sub-district, a duplicate — and
 * sees each reported before anything is written; re-declared as GCJ-02, writes only the clean rows with the duplicate
 * merged, finds them in the register with their history, retires one, and undoes the batch with a reason.
 */
import { expect, signIn, test } from './fixtures';
import { PLANTED, plantedFacilities } from '../fixtures/planted-facilities';

test('the steward imports a file with planted problems, each reported and handled, and undoes it', async ({ page }) => {
  await signIn(page, 'steward', '/data/import');
  await expect(page.getByTestId('data-title')).toHaveText('数据采集 · 设施导入与清洗');
  await page.getByTestId('data-file').setInputFiles({
    name: 'planted.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(plantedFacilities())),
  });
  await page.getByTestId('data-source').fill(PLANTED.source);

  // Declared WGS84 (the default): the report names GCJ-02 as the likely system.
  await page.getByTestId('data-check').click();
  await expect(page.getByTestId('data-crs-warning')).toContainText('很可能是 GCJ-02（高德、腾讯）');
  await expect(page.locator(`[data-source-id="${PLANTED.gcjEdgeSourceId}"] [data-problem="outsideDistrict"]`)).toContainText('按 GCJ-02');

  // Re-declared GCJ-02: converted; the point outside stays a problem; sub-districts derived; the duplicate found.
  await page.getByTestId('data-crs').selectOption('gcj02');
  await page.getByTestId('data-check').click();
  await expect(page.getByTestId('data-crs-warning')).toHaveCount(0);
  await expect(page.getByTestId('data-summary')).toContainText('共 6 行：无问题 5 行，有问题 1 行，疑似重复 1 行');
  await expect(page.locator(`[data-source-id="${PLANTED.outsideSourceId}"] [data-problem="outsideDistrict"]`)).toContainText(
    '不在长宁区内',
  );
  await expect(page.locator(`[data-source-id="WC-T02"] [data-fix="subDistrictDerived"]`)).toContainText('按位置补全街道');
  await expect(page.locator(`[data-source-id="WC-T01"] [data-fix="crsConverted"]`)).toBeVisible();
  // The source's own words are quoted as written, the product's by their names: never a message key.
  await expect(page.locator(`[data-source-id="WC-T01"] [data-fix="kindUnified"]`)).toHaveText('类型“公共厕所”统一为“公厕”');
  await expect(page.locator(`[data-source-id="${PLANTED.duplicateSourceIds[1]}"] [data-duplicate]`)).toContainText(
    '与第 5 行“仙霞路公厕”重复',
  );
  await expect(page.getByTestId('data-decision-6')).toHaveValue('merge');

  // 'All' writes nothing while a row has a problem; the clean rows go in with the duplicate merged.
  await page.getByTestId('data-write-all').click();
  await expect(page.getByTestId('data-written')).toContainText('未写入任何数据');
  await page.getByTestId('data-check').click();
  // A fresh check clears what was written; writing waits for it (the buttons are off while it runs).
  await expect(page.getByTestId('data-written')).toHaveCount(0);
  await page.getByTestId('data-write-valid').click();
  await expect(page.getByTestId('data-written')).toContainText('新增 4，更新 0，合并 1，退役 0，跳过 1');

  // The register: each imported toilet with its source and history; retire one with a reason.
  await page.getByTestId('data-other-screen').click();
  await page.getByTestId('facility-search').fill('WC-T02');
  await page.locator('[data-facility="WC-T02"]').click();
  await expect(page.getByTestId('facility-history').locator('[data-action="insert"]')).toContainText(PLANTED.source);
  await page.getByTestId('facility-reason').fill('现场已拆除');
  await page.getByTestId('facility-retire').click();
  await expect(page.locator('[data-facility="WC-T02"]')).toHaveCount(0);

  // Undo the batch whole: refused, since a facility of it was changed after; then restore it and undo.
  await page.getByTestId('facility-include-retired').check();
  await page.locator('[data-facility="WC-T02"]').click();
  await expect(page.getByTestId('facility-history').locator('[data-action="retire"]')).toContainText('现场已拆除');
  await page.getByTestId('data-other-screen').click();
  const batch = page.getByTestId('data-batches').locator('[data-batch]').first();
  await batch.getByRole('button').click();
  await page.getByTestId('data-undo-reason').fill('测试导入，整批撤回');
  await page.getByTestId('data-undo-confirm').click();
  await expect(page.getByTestId('data-batches').getByRole('alert')).toContainText('不能整批撤销');
});
