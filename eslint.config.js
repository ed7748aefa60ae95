import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The simulation (DESIGN.md rules 1 and 3) is headless and deterministic: no DOM, no wall clock,
// no timers, no Math.random, and no imports from rendering or UI state.
const simulationFiles = [
  'src/scenario/**/*.ts',
  'src/run/**/*.ts',
  'src/engine/**/*.ts',
  'src/orchestrators/**/*.ts',
  'src/algorithms.ts',
  'src/simulate.ts',
];

const banned = 'is banned in the simulation (DESIGN.md rule 1): use the engine clock or rng';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: simulationFiles,
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'performance', 'Date'].map(
          (name) => ({
            name,
            message: `${name} ${banned}`,
          }),
        ),
        ...[
          'setTimeout',
          'setInterval',
          'clearTimeout',
          'clearInterval',
          'requestAnimationFrame',
          'queueMicrotask',
        ].map((name) => ({ name, message: `${name} ${banned}` })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: `Math.random ${banned}` },
        { object: 'Date', property: 'now', message: `Date.now ${banned}` },
        { object: 'globalThis', property: 'setTimeout', message: `timers ${banned}` },
        { object: 'globalThis', property: 'setInterval', message: `timers ${banned}` },
        { object: 'performance', property: 'now', message: `performance.now ${banned}` },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['pixi.js', 'pixi.js/*', '@pixi/*', 'pixi-viewport'],
              message: 'no rendering in the simulation',
            },
            { group: ['zustand', 'zustand/*'], message: 'no UI state in the simulation' },
            {
              group: [
                '**/render/**',
                '**/ui/**',
                '**/store/**',
                '**/app/**',
                '**/worker/**',
                '**/cli/**',
              ],
              message: 'the simulation may not import the layers above it (STYLE.md §2)',
            },
          ],
        },
      ],
    },
  },
);
