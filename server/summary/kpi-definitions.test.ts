/** The README's "KPI definitions" table names every figure the code defines, so the two cannot drift apart unseen. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WALL_KPIS } from '@/server/facilities/wall-kpis';
import { LEADER_SUMMARY_KPIS } from './summary-kpis';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('### KPI definitions'), readme.indexOf('\n### ', readme.indexOf('### KPI definitions') + 1));

describe('KPI definitions', () => {
  it.each([...WALL_KPIS.map((k) => ['wall', k.zh] as const), ...LEADER_SUMMARY_KPIS.map((k) => ['leaders', k.zh] as const)])(
    '%s: %s is in the README table',
    (screen, zh) => {
      const row = table.split('\n').find((line) => line.startsWith(`| ${screen} |`) && line.includes(zh.split(' / ')[0]));
      expect(row, `${screen} ${zh}`).toBeDefined();
    },
  );
});
