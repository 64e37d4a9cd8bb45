/**
 * Log lines are JSON a collector can read: level by name, the component, the request they belong to, and an error's
 * message and stack.
 */
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { configureLogging, logFor, withRequestId } from './log';

function capture(): { lines: () => Array<Record<string, unknown>> } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  configureLogging({ level: 'info', format: 'json', destination: out });
  return {
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

afterAll(() => configureLogging({ level: 'info' }));

describe('structured logs', () => {
  it('write one JSON object per line with the component and, inside a request, its id', async () => {
    const log = logFor('positions'); // taken before configuration, as modules do at import
    const { lines } = capture();
    log.info('history writes succeed again');
    await withRequestId('req-42', async () => {
      await Promise.resolve();
      log.warn('queue full', { dropped: 3 });
    });
    log.debug('not written below info');
    const written = lines();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ level: 'info', component: 'positions', msg: 'history writes succeed again' });
    expect(written[0]).not.toHaveProperty('requestId');
    expect(written[1]).toMatchObject({ level: 'warn', component: 'positions', requestId: 'req-42', dropped: 3 });
    expect(typeof written[1].time).toBe('string');
  });

  it("keep an error's message and stack", () => {
    const { lines } = capture();
    logFor('trpc').error('orders.assign failed', new Error('connection reset'));
    const [line] = lines();
    expect(line).toMatchObject({ level: 'error', component: 'trpc', err: { message: 'connection reset', type: 'Error' } });
    expect(String((line.err as { stack: string }).stack)).toContain('log.test.ts');
  });
});
