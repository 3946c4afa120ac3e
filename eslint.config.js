// One lint config for the whole repo; `npm run check` runs it with zero warnings allowed.
// The layering blocks below keep dependencies pointing one way (core → … → cli; see README
// "Architecture"): a library that imports a folder above it fails the check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LIBRARIES = ['core/**/*.ts', 'proto/**/*.ts', 'models/**/*.ts', 'compiler/**/*.ts', 'runtime-wasm/**/*.ts', 'report/**/*.ts'];
const noCli = { regex: '(^|/)cli/', message: 'Libraries never import their shell: move what you need below cli/ (core/ holds errors and codes).' };
const noTf = { group: ['@tensorflow/*'], message: 'tfjs belongs to models/ only.' };
const noYargs = { group: ['yargs', 'yargs/*'], message: 'yargs belongs to cli/ only.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'proto/gen/**', 'runtime-wasm/build/**', 'runtime-wasm/assembly/**', 'out/**', 'runs/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports.' }],
    },
  },
  // Every library: no cli/, no yargs.
  { files: LIBRARIES, rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noYargs] }] } },
  // proto/ owns the netlist format and depends only on core/.
  {
    files: ['proto/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, { regex: '^\\.\\./(?!core/)', message: 'proto/ imports only core/ (and its generated codec).' }] }] },
  },
  // core/ depends on nothing: no other hsnn folder, no tfjs, no yargs.
  {
    files: ['core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, { regex: '^\\.\\./', message: 'core/ imports no other hsnn folder.' }] }] },
  },
);
