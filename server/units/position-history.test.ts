import { describe, expect, it } from 'vitest';
import { PositionHistoryWriter } from './position-history';
import type { HistoryRow } from './units.repository';

const row = (unitId: number): HistoryRow => ({
  unitId,
  recordedAt: new Date(0),
  source: 'device',
  lng: 121.4,
  lat: 31.2,
  speedMps: null,
  headingDeg: null,
});

describe('position history group commit', () => {
  it('writes rows of many requests together, in bounded statements, and answers each once stored', async () => {
    const statements: number[][] = [];
    const writer = new PositionHistoryWriter(async (rows) => void statements.push(rows.map((r) => r.unitId)), {
      flushMs: 20,
      maxBatch: 100,
      rowsPerStatement: 2,
    });
    const first = writer.append([row(1), row(2)]);
    const second = writer.append([row(3)]);
    expect(statements).toEqual([]);
    await Promise.all([first, second]);
    expect(statements).toEqual([[1, 2], [3]]);
  });

  it('writes at once when a batch is full', async () => {
    const statements: number[][] = [];
    const writer = new PositionHistoryWriter(async (rows) => void statements.push(rows.map((r) => r.unitId)), {
      flushMs: 60_000,
      maxBatch: 3,
      rowsPerStatement: 10,
    });
    await writer.append([row(1), row(2), row(3)]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it('refuses every request of a failed batch, and keeps working for the next', async () => {
    let fail = true;
    const writer = new PositionHistoryWriter(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { flushMs: 5, maxBatch: 100, rowsPerStatement: 10 },
    );
    const a = writer.append([row(1)]);
    const b = writer.append([row(2)]);
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    fail = false;
    await expect(writer.append([row(3)])).resolves.toBeUndefined();
  });
});
