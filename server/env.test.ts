import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to the embedded database, port 3000 and the simulator on', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('.data');
    expect(env.PORT).toBe(3000);
    expect(env.SIMULATOR).toBe(true);
    expect(env.DEMO_MODE).toBe(true);
  });

  it('reads SIMULATOR=off and a PostgreSQL URL', () => {
    const env = parseEnv({ SIMULATOR: 'off', DATABASE_URL: 'postgres://u@localhost:5432/onemap' });
    expect(env.SIMULATOR).toBe(false);
    expect(env.DATABASE_URL).toBe('postgres://u@localhost:5432/onemap');
  });

  it('names every bad variable in one clear error', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SIMULATOR: 'maybe' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: DATABASE_URL must start with postgres:\/\/[\s\S]*SIMULATOR/,
    );
  });
});
