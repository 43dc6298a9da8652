// Lint: typed typescript-eslint rules (STYLE.md), Nx module boundaries (an app never imports
// another app; libs import only libs), Prettier owns formatting.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The web client (apps/web) is TypeScript + TSX for the browser, with its own tsconfig.
const TYPED = ['**/*.ts', 'apps/web/**/*.tsx', 'apps/web/**/*.mts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'tmp/**',
      'coverage/**',
      '.nx/**',
      'libs/contracts/src/generated/**',
      'libs/api-client/src/schema.d.ts',
      'apps/web/src/api/schema.d.ts',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: TYPED })),
  {
    files: TYPED,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Nest injects by emitted metadata: classes used only as constructor types must stay value imports.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // The gateway never reaches a service's internal gRPC contract (<Svc>InternalService: ledger
    // Hold/Credit, filter Decide, ...): only services and tools may call those RPCs.
    // apps/gateway/src/grpc-clients/grpc-clients.spec.ts proves it at run time too.
    files: ['apps/gateway/**/*.ts'],
    // The test that looks the internal contracts up to prove the gateway cannot call them.
    ignores: ['apps/gateway/src/grpc-clients/grpc-clients.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@trafficshare/contracts',
              importNames: [
                'authInternal',
                'filterInternal',
                'ledgerInternal',
                'telemetryInternal',
              ],
              message: 'Internal gRPC contracts are for services and tools, not the gateway.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Identifier[name=/InternalService|INTERNAL_SERVICE|^[a-z]+Internal$/]',
          message: 'Internal gRPC contracts are for services and tools, not the gateway.',
        },
        {
          selector: 'Literal[value=/InternalService/]',
          message: 'Internal gRPC contracts are for services and tools, not the gateway.',
        },
        {
          selector: "MemberExpression[property.name='internal']",
          message: 'Internal gRPC contracts are for services and tools, not the gateway.',
        },
        {
          selector: "Identifier[name='internalContract']",
          message: 'Internal gRPC contracts are for services and tools, not the gateway.',
        },
      ],
    },
  },
  {
    // The web client runs in the browser (the Mini App and the admin panel).
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tools (migrate, deploy checks, start) and e2e tests are composition roots over every app.
    files: ['tools/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/web/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
  prettier,
);
