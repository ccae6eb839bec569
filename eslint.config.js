import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules where a mistake is silent at run time: a promise nobody awaits (its
    // rejection is lost or crashes the process later) and a switch that misses a new union member.
    files: ['src/**/*.ts', 'simulator/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '__tests__/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.all.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Functions stay small enough to read in one screen (issue 15): split into phases and tables.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Every line the action writes passes through src/log (the one sanitizer for the runner).
    files: ['src/**/*.ts'],
    ignores: ['src/log/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='core'][property.name=/^(info|warning|error|notice|debug|startGroup|endGroup|group|setFailed|setSecret|isDebug)$/]",
          message: 'Write to the log through src/log (it makes untrusted text inert for the runner).',
        },
        {
          selector: "MemberExpression[object.object.name='process'][object.property.name=/^(stdout|stderr)$/]",
          message: 'Write to the log through src/log (it makes untrusted text inert for the runner).',
        },
      ],
    },
  },
);
