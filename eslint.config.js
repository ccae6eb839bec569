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
