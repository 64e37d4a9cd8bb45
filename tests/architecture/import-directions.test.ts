/**
 * The import directions of docs/ARCHITECTURE.md are ESLint rules; this proves each rule fires on a reintroduced
 * cross-import (and stays quiet on the allowed ones), by linting small sources as if they lived in each folder.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import directions', () => {
  it.each([
    ['components/x/a.ts', "import { TRANSITIONS } from '@/server/orders/orders.service';\nexport const t = TRANSITIONS;\n"],
    ['components/x/a.ts', "import type { OrderRecord } from '@/db/schema';\nexport type T = OrderRecord;\n"],
    ['components/x/a.ts', "import { appRouter } from '@/server/api/root';\nexport const r = appRouter;\n"],
    ['server/x/a.ts', "import { translate } from '@/components/i18n/i18n-provider';\nexport const t = translate;\n"],
    ['db/x/a.ts', "import { env } from '@/server/env';\nexport const e = env;\n"],
    ['domain/x/a.ts', "import type { Kysely } from 'kysely';\nexport type K = Kysely<never>;\n"],
    ['domain/x/a.ts', "import { env } from '@/server/env';\nexport const e = env;\n"],
    ['geo/x/a.ts', "import { useState } from 'react';\nexport const u = useState;\n"],
  ])('refuses %s importing across the line', async (file, source) => {
    expect(await restrictedImports(file, source)).toHaveLength(1);
  });

  it.each([
    ['components/x/a.ts', "import type { AppRouter } from '@/server/api/root';\nexport type R = AppRouter;\n"],
    ['components/x/a.ts', "import { translate } from '@/domain/i18n/messages';\nexport const t = translate;\n"],
    ['server/x/a.ts', "import { AppError } from '@/domain/errors';\nexport const e = AppError;\n"],
    ['db/x/a.ts', "import type { Role } from '@/domain/auth/roles';\nexport type R = Role;\n"],
  ])('allows %s its own directions', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});
