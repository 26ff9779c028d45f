import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // User data is untrusted: never evaluate it, never inject it as HTML.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Labels are text: use textContent or React children.' },
        { property: 'outerHTML', message: 'Labels are text: use textContent or React children.' },
        { property: 'insertAdjacentHTML', message: 'Labels are text: use textContent or React children.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Labels are text, never HTML.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Hooks rules where React lives (elsewhere a function named use…() is not a hook).
    files: ['src/**/*.tsx', 'src/state/hooks.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // compute/ stays pure: no React, no DOM, no worker globals.
    files: ['src/compute/**/*.ts'],
    ignores: ['src/compute/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'zustand', 'd3-selection', '**/state/*', '**/components/*', '**/workers/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'navigator', 'localStorage'],
    },
  },
  {
    // The plot core knows no store: views bind it (components/LinkedPlot, lab/bindLabPlot.ts).
    files: ['src/components/ScatterPlot/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['zustand', 'zustand/*', '**/state/*', '**/workers/*', '**/LinkedPlot/*', '**/explore/*', '**/compare/*', '**/lab/*'] }],
      },
    },
    {
    // Workers are adapters from messages to compute/: they never reach into the store.
    files: ['src/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/state/*', '**/components/*'], message: 'Workers translate messages into compute/ calls; the store is the main thread’s.' }] }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
