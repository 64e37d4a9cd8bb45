/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the seed and the simulator need, so the
 * same seed always yields the same sequence, in Node and in the browser alike. Not for anything secret.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform float in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `probability` (0…1). */
  chance(probability: number): boolean;
  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight (weights ≥ 0, at least one > 0). */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Normally distributed (Box–Muller). */
  gaussian(mean?: number, standardDeviation?: number): number;
  /** A shuffled copy (Fisher–Yates); the input is left as it is. */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * An independent generator derived from this one's seed and a label, so each consumer gets its own stream and
   * adding draws in one place does not shift every other.
   */
  fork(label: string): Random;
}

/** A 32-bit hash of a string (FNV-1a), to turn labels into seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator seeded by a number (its low 32 bits) or by a string (hashed). */
export function createRandom(seed: number | string): Random {
  const seedNumber = typeof seed === 'string' ? hashString(seed) : seed;
  if (!Number.isFinite(seedNumber)) throw new RangeError(`seed must be a finite number or a string, got ${seed}`);
  const next = mulberry32(seedNumber);

  const random: Random = {
    next,
    range(min, max) {
      if (!(max >= min)) throw new RangeError(`range: max (${max}) must be ≥ min (${min})`);
      return min + next() * (max - min);
    },
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`int: need integers with max ≥ min, got [${min}, ${max}]`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(probability) {
      if (!(probability >= 0 && probability <= 1)) throw new RangeError(`chance: probability must be in [0, 1], got ${probability}`);
      return next() < probability;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick: the list is empty');
      return items[Math.floor(next() * items.length)];
    },
    pickWeighted(items, weights) {
      if (items.length === 0 || items.length !== weights.length) {
        throw new RangeError(`pickWeighted: need as many weights (${weights.length}) as items (${items.length}), at least one`);
      }
      const total = weights.reduce((sum, weight) => {
        if (!(weight >= 0)) throw new RangeError(`pickWeighted: weights must be ≥ 0, got ${weight}`);
        return sum + weight;
      }, 0);
      if (total <= 0) throw new RangeError('pickWeighted: at least one weight must be > 0');
      let target = next() * total;
      for (let i = 0; i < items.length; i++) {
        target -= weights[i];
        if (target < 0) return items[i];
      }
      return items[items.length - 1];
    },
    gaussian(mean = 0, standardDeviation = 1) {
      const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
      const v = next();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
    fork(label) {
      return createRandom((hashString(label) ^ Math.imul(seedNumber >>> 0, 0x9e3779b1)) >>> 0);
    },
  };
  return random;
}
