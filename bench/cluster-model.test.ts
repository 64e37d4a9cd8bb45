/** The capacity model's arithmetic: the fit recovers known costs, and the plan finds where processes stop helping. */
import { describe, expect, it } from 'vitest';
import { type Coefficients, fitProcessCosts, predict, processesFor } from './cluster-model';

const costs: Coefficients = {
  ingestPer1kPerSecond: 2,
  peersPer1kPerSecond: 0.5,
  wallPer1kPerSecond: 0.02,
  redisPer1kDelivered: 0.05,
  postgresPer1kPerSecond: 0.9,
};

describe('cluster capacity model', () => {
  it('recovers the ingest and peer costs from processes at different rates', () => {
    const sample = (ownK: number, heardK: number) => ({ ownK, heardK, cpuLessWalls: 2 * ownK + 0.5 * heardK });
    const fitted = fitProcessCosts([sample(10, 0), sample(5, 5), sample(0, 10), sample(7, 7)]);
    expect(fitted.ingestPer1kPerSecond).toBeCloseTo(2, 6);
    expect(fitted.peersPer1kPerSecond).toBeCloseTo(0.5, 6);
  });

  it('charges each process its share of requests and walls, and every other process’s fixes', () => {
    const cpu = predict(costs, { unitsK: 10, processes: 2, walls: 40, perWallK: 10 });
    expect(cpu.processCpu).toBeCloseTo(2 * 5 + 0.5 * 5 + 0.02 * 10 * 20, 6);
    expect(cpu.redisCpu).toBeCloseTo(0.05 * 10 * 2, 6);
    expect(cpu.postgresCpu).toBeCloseTo(9, 6);
  });

  it('finds the fewest processes under the target, and none when hearing every fix alone exceeds it', () => {
    const city = { unitsK: 50, walls: 100, perWallK: 50 };
    const processes = processesFor(costs, city, 60)!;
    expect(predict(costs, { ...city, processes }).processCpu).toBeLessThanOrEqual(60);
    expect(predict(costs, { ...city, processes: processes - 1 }).processCpu).toBeGreaterThan(60);
    expect(processesFor(costs, { ...city, unitsK: 130 }, 60)).toBeNull(); // 0.5 × 130 = 65 % just hearing
    expect(processesFor(costs, { ...city, unitsK: 130 }, 60, true)).not.toBeNull(); // sharded: no such floor
  });
});
