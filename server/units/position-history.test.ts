import { describe, expect, it } from 'vitest';
import { HistoryOverflowError, PositionHistoryWriter } from './position-history';
import type { HistoryRow } from './history/history.repository';

const row = (unitId: number): HistoryRow => ({
  unitId,
  recordedAt: new Date(0),
  source: 'device',
  lng: 121.4,
  lat: 31.2,
  speedMps: null,
  headingDeg: null,
});

const options = { flushMs: 20, maxBatch: 100, rowsPerStatement: 10, maxBuffered: 1000 };

describe('position history group commit', () => {
  it('writes rows of many requests together, in bounded statements, and answers each once stored', async () => {
    const statements: number[][] = [];
    const writer = new PositionHistoryWriter(async (rows) => void statements.push(rows.map((r) => r.unitId)), {
      ...options,
      rowsPerStatement: 2,
    });
    const first = writer.append([row(1), row(2)]);
    const second = writer.append([row(3)]);
    expect(statements).toEqual([]);
    await Promise.all([first, second]);
    expect(statements).toEqual([[1, 2], [3]]);
    expect(writer.health()).toMatchObject({ written: 3, queued: 0, failingSince: null });
  });

  it('writes at once when a batch is full', async () => {
    const statements: number[][] = [];
    const writer = new PositionHistoryWriter(async (rows) => void statements.push(rows.map((r) => r.unitId)), {
      ...options,
      flushMs: 60_000,
      maxBatch: 3,
    });
    await writer.append([row(1), row(2), row(3)]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it('while a slow write runs, keeps at most maxBuffered rows queued, dropping the oldest and counting them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written: number[] = [];
    const writer = new PositionHistoryWriter(
      async (rows) => {
        await gate;
        written.push(...rows.map((r) => r.unitId));
      },
      { ...options, flushMs: 1, maxBuffered: 2 },
    );
    const first = writer.append([row(1)]);
    // Row 1's write starts and hangs (a slow disk); what comes now queues.
    const stuck = writer.flush();
    const old = writer.append([row(2)]);
    const newer = writer.append([row(3)]);
    const newest = writer.append([row(4)]);
    await expect(old).rejects.toBeInstanceOf(HistoryOverflowError);
    expect(writer.health()).toMatchObject({ dropped: 1, queued: 2 });
    release();
    await Promise.all([first, newer, newest, stuck]);
    await writer.flush();
    expect(written).toEqual([1, 3, 4]);
  });

  it('raises the failing flag on a failed write, refuses that batch, and clears it when writes succeed again', async () => {
    let fail = true;
    let now = 1000;
    const writer = new PositionHistoryWriter(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { ...options, flushMs: 5, now: () => now },
    );
    const a = writer.append([row(1)]);
    const b = writer.append([row(2)]);
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    expect(writer.health()).toMatchObject({ failingSince: 1000, lastError: 'disk full', failed: 2 });
    now = 2000;
    fail = false;
    await expect(writer.append([row(3)])).resolves.toBeUndefined();
    expect(writer.health()).toMatchObject({ failingSince: null, written: 1 });
  });
});
