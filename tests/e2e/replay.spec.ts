/**
 * The wall's time slider as a duty officer uses it: switch to 回放, choose a moment of this morning (on the fresh
 * test server: a few seconds ago, once the simulator's positions are in the history), see the 回放中 banner and
 * every unit where the position history has it then, play at 10× and see the replayed time move, and go back to
 * live with one click.
 */
import { expect, signIn, test, waitForWall } from './fixtures';
import { trpcQuery } from './trpc-helpers';

type Fix = { unitId: number; lng: number; lat: number };

/** The Shanghai wall-clock time of an instant, HH:mm:ss (the time input and the banner read it so). */
const shanghaiClock = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);

test('replays a moment of this morning on the wall and returns to live', async ({ page }) => {
  await signIn(page, 'duty');
  await waitForWall(page);

  // A whole second a little in the past at which the history already holds units.
  let moment = 0;
  let history: Fix[] = [];
  await expect
    .poll(
      async () => {
        moment = Math.floor((Date.now() - 5_000) / 1000) * 1000;
        history = await trpcQuery<Fix[]>(page.request, 'positions.at', { at: new Date(moment).toISOString() });
        return history.length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);

  await page.getByTestId('replay-mode-replay').click();
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-mode', 'replay');
  await page.getByTestId('replay-time').fill(shanghaiClock(moment));
  await expect(page.getByTestId('replay-banner')).toHaveText(`回放中 ${shanghaiClock(moment)}`);
  await expect.poll(() => page.evaluate(() => window.__onemap!.replay().shownAt)).toBe(moment);

  // Every unit the history has at that moment is drawn there (Float32 offsets: within a few millimetres).
  const drawn = await page.evaluate(
    (ids) => ids.map((id) => window.__onemap!.unitPosition(id)),
    history.map((f) => f.unitId),
  );
  history.forEach((fix, i) => {
    expect(drawn[i], `unit ${fix.unitId}`).not.toBeNull();
    expect(Math.abs(drawn[i]![0] - fix.lng) + Math.abs(drawn[i]![1] - fix.lat), `unit ${fix.unitId}`).toBeLessThan(1e-5);
  });
  const counts = await page.evaluate(() => window.__onemap!.replay().counts);
  expect(counts?.units).toBe(history.length);
  // The 12345 tickets open then are on the map too.
  expect(await page.evaluate(() => window.__onemap!.featureCount('onemap-replay-tickets'))).toBe(counts?.tickets);

  // Playing at 10× moves the replayed time on, and the banner says so.
  await page.getByTestId('replay-speed-10').click();
  await page.getByTestId('replay-play').click();
  await expect.poll(() => page.evaluate(() => window.__onemap!.replay().shownAt)).toBeGreaterThan(moment);

  await page.getByTestId('replay-back-live').click();
  await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-mode', 'live');
  await expect(page.getByTestId('replay-banner')).toHaveCount(0);
  expect(await page.evaluate(() => window.__onemap!.replay().mode)).toBe('live');
  // Live frames reach the map again: some unit moves away from where the replay had it.
  await expect
    .poll(async () => {
      const now = await page.evaluate(
        (ids) => ids.map((id) => window.__onemap!.unitPosition(id)),
        history.map((f) => f.unitId),
      );
      return now.some((p, i) => p !== null && Math.abs(p[0] - history[i].lng) + Math.abs(p[1] - history[i].lat) > 1e-5);
    })
    .toBe(true);
});
