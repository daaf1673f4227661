// Lint: the recommended JavaScript and typescript-eslint rules, plus the house rules that matter here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.tap/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Checks read as rules, not prose walls: long texts belong in the remediation catalog, which is exempt.
    files: ['src/checks/**/*.ts'],
    ignores: ['src/checks/remediations.ts'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true }] },
  },
);
