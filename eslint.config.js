// @ts-check
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'artifacts/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base, importX.flatConfigs.typescript],
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['shared/tsconfig.json', 'server/tsconfig.json', 'client/tsconfig.json', 'tests/tsconfig.json'] }),
      ],
    },
    rules: {
      // dependencies point inward, and there are no cycles anywhere
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    // shared/ is pure: no React, no DOM libraries, no Node built-ins, nothing from client/ or server/
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'shared/ must not import Node built-ins' })),
          patterns: [
            { group: ['react', 'react-*', 'react/*', 'leaflet', 'konva', 'y-websocket', 'y-indexeddb'], message: 'shared/ must not import UI or browser libraries' },
            { group: ['**/client/**', '**/server/**', '@tsunagu/client', '@tsunagu/server'], message: 'dependencies point inward: shared/ imports neither client/ nor server/' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '@tsunagu/server'], message: 'the client talks to the server only over HTTP and websockets' }] }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/**', '@tsunagu/client'], message: 'the server does not import client code' }] }],
    },
  },
);
