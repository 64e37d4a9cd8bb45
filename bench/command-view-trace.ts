/**
 * Where the command view's first view goes, from one Chrome trace of a wall load (production build, simulator on):
 * how long the page's main thread sat blocked on the GPU process and in which WebGL calls, how busy the GPU
 * process's main thread was compositing (SwapBuffers also waits for the software GPU's queued work), and how busy
 * each thread was, per half second, until the first view. A diagnostic for issue #19, not a benchmark: tracing
 * itself slows the load by a second or so.
 *
 *   npx tsx bench/command-view-trace.ts [swiftshader-all|no-gpu-default] [1920x1080]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SOFTWARE_CONFIGURATIONS, signInToWall } from './command-view';
import { startProductionServer } from './server-process';

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

const WINDOW_MS = 500;

/** Thread names as "process/thread", from the trace's metadata events. */
function threadNames(events: TraceEvent[]): Map<string, string> {
  const processes = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name ?? '?']));
  return new Map(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => [`${e.pid}:${e.tid}`, `${processes.get(e.pid) ?? '?'}/${e.args?.name ?? e.tid}`]),
  );
}

/** Main-thread waits on the GPU process, by the GL call that waited (innermost GLES2/ImplementationBase frames). */
function blockingCalls(slices: TraceEvent[]): Record<string, { ms: number; calls: number }> {
  const stack: TraceEvent[] = [];
  const byCall: Record<string, { ms: number; calls: number }> = {};
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    if (e.name === 'CommandBufferProxyImpl::WaitForGetOffset') {
      const call = stack.filter((s) => s.name.startsWith('GLES2')).pop()?.name ?? 'other';
      byCall[call] ??= { ms: 0, calls: 0 };
      byCall[call].ms += e.dur! / 1000;
      byCall[call].calls++;
    }
    stack.push(e);
  }
  return Object.fromEntries(Object.entries(byCall).map(([k, v]) => [k, { ms: Math.round(v.ms), calls: v.calls }]));
}

export function analyseTrace(events: TraceEvent[], untilMs: number) {
  const names = threadNames(events);
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const navigation = slices.find((e) => e.name === 'NavigationBodyLoader::StartLoadingBody')?.ts ?? slices[0].ts;
  const thread = (e: TraceEvent) => names.get(`${e.pid}:${e.tid}`) ?? '?';
  const rendererMain = slices.filter((e) => thread(e) === 'Renderer/CrRendererMain');
  const busy: Record<string, number[]> = {};
  for (const e of slices.filter((s) => s.name === 'ThreadControllerImpl::RunTask')) {
    const row = (busy[thread(e)] ??= Array.from({ length: Math.ceil(untilMs / WINDOW_MS) }, () => 0));
    for (let at = (e.ts - navigation) / 1000, end = at + e.dur! / 1000; at < end;) {
      const slot = Math.floor(at / WINDOW_MS);
      const next = Math.min(end, (slot + 1) * WINDOW_MS);
      if (slot >= 0 && slot < row.length) row[slot] += next - at;
      at = next;
    }
  }
  const swaps = slices.filter((e) => e.name === 'SkiaOutputSurfaceImplOnGpu::SwapBuffers' && (e.ts - navigation) / 1000 < untilMs);
  const busiest = Object.entries(busy)
    .map(([name, row]) => [name, row.reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  return {
    firstViewMs: Math.round(untilMs),
    mainThreadBlockedOnGpu: blockingCalls(rendererMain.filter((e) => (e.ts - navigation) / 1000 < untilMs)),
    gpuCompositing: { frames: swaps.length, ms: Math.round(swaps.reduce((a, e) => a + e.dur! / 1000, 0)) },
    busyPercentPerHalfSecond: Object.fromEntries(
      busiest.map(([name]) => [name, busy[name].map((ms) => Math.round((ms / WINDOW_MS) * 100)).join(' ')]),
    ),
  };
}

async function main() {
  const configuration = SOFTWARE_CONFIGURATIONS.find((c) => c.name === (process.argv[2] ?? 'swiftshader-all'));
  if (!configuration) throw new Error(`configurations: ${SOFTWARE_CONFIGURATIONS.map((c) => c.name).join(', ')}`);
  const [width, height] = (process.argv[3] ?? '1920x1080').split('x').map(Number);
  const dataDir = mkdtempSync(join(tmpdir(), 'onemap-trace-view-'));
  const tracePath = join(dataDir, 'trace.json');
  const server = await startProductionServer({ port: 3334, dataDir, simulator: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...configuration.args] });
  try {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await signInToWall(context, server);
    const page = await context.newPage();
    await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'gpu', 'viz', 'devtools.timeline'] });
    await page.goto(`${server.baseUrl}/`);
    await page.waitForFunction(() => window.__onemap?.firstViewAtMs() != null, undefined, { timeout: 90_000 });
    await browser.stopTracing();
    const firstViewMs = (await page.evaluate(() => window.__onemap!.firstViewAtMs())) ?? Number.NaN;
    const events = (JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    console.log(
      JSON.stringify({ configuration: configuration.name, viewport: `${width}×${height}`, ...analyseTrace(events, firstViewMs) }, null, 2),
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
