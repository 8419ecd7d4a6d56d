// ESLint: typescript-eslint's type-checked recommendations, so that floating or misused promises, awaits of
// non-promises and unsafe `any`s are errors. `npm run lint`; `npm test` runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.cache/', '.test-work/', 'test-results/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises that the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }] },
      ],
      // A leading underscore marks a parameter an interface makes us take but we do not need.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A notification's message renders `[label](command:…)` links: src/app/host/notify.ts is the one way to show one,
    // and it makes the whole message safe (server text may be anywhere in it). Tests may call VS Code directly.
    files: ['src/**/*.ts'],
    ignores: ['src/app/host/notify.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(show(Information|Warning|Error)Message|withProgress)$/]',
          message:
            'Show notifications through src/app/host/notify.ts (showInformation, showWarning, showError, withProgress): it escapes server text.',
        },
        {
          selector: 'Property[key.name=/^(show(Information|Warning|Error)Message|withProgress)$/]',
          message: 'Show notifications through src/app/host/notify.ts: it escapes server text.',
        },
      ],
    },
  },
  {
    // Build scripts in plain JavaScript run in Node and have no types to check.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
);
