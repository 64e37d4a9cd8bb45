import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'public/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'No export * barrels (ARCHITECTURE.md).' }],
    },
  },
  // Which way imports go (docs/ARCHITECTURE.md): app → components → domain, geo; components take only the
  // AppRouter type from the server; server → domain, geo, db; db → domain, geo; domain and geo import no project
  // folder but themselves. Nothing imports app or tests. tests/architecture.test.ts proves each rule fires.
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@/server/(?!api/root$)',
              message: 'Components import only the AppRouter type from the server; take data types from RouterOutputs.',
            },
            { group: ['@/server/api/root'], allowTypeImports: true, message: 'Only the AppRouter type may cross to the browser.' },
            { group: ['@/db', '@/db/*'], message: 'Components never import the database; shared values live in domain/.' },
            { group: ['@/app/*', '@/tests/*', '@/bench/*'], message: 'Nothing imports app, tests or bench.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/components/*', '@/app/*', '@/tests/*', '@/bench/*'],
              message: 'The server never imports components, app, tests or bench; shared code lives in domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/server/*', '@/components/*', '@/app/*', '@/tests/*', '@/bench/*'], message: 'db imports only domain/ and geo/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**', 'geo/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/server/*', '@/components/*', '@/db', '@/db/*', '@/app/*', '@/tests/*', '@/bench/*'],
              message: 'domain/ and geo/ are pure: no server, database or React code.',
            },
            {
              group: ['react', 'react-dom', 'kysely', 'pg', 'socket.io', 'node:*'],
              message: 'domain/ and geo/ do no I/O and render nothing.',
            },
          ],
        },
      ],
    },
  },
  {
    // server/env.ts is the only reader of process.env in the application.
    files: ['app/**', 'components/**', 'server/**', 'geo/**', 'db/**', 'domain/**'],
    ignores: ['server/env.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through server/env.ts.' }],
    },
  },
);
