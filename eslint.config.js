// One lint config for the whole repo; `npm run check` runs it with zero warnings allowed.
// The layering blocks below keep dependencies pointing one way (core → … → cli; see README
// "Architecture"): a library that imports a folder above it fails the check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LIBRARIES = ['core/**/*.ts', 'proto/**/*.ts', 'data/**/*.ts', 'formats/**/*.ts', 'models/**/*.ts', 'compiler/**/*.ts', 'nir/**/*.ts', 'runtime-wasm/**/*.ts', 'report/**/*.ts'];
const noCli = { regex: '(^|/)cli/', message: 'Libraries never import their shell: move what you need below cli/ (core/ holds errors and codes).' };
const noTf = { group: ['@tensorflow/*'], message: 'tfjs belongs to models/ only.' };
const noYargs = { group: ['yargs', 'yargs/*'], message: 'yargs belongs to cli/ only.' };
const noModels = { regex: '(^|/)models/', message: 'Only cli/ may import models/ (tfjs): move the shared contract to core/, data/ or formats/.' };
/** Relative imports that leave the folder may reach only `allowed` top-level folders (depth = folder nesting). */
const onlyFrom = (folder, allowed, depth = 1) => ({
  regex: `^(\\.\\./){${depth},}(?!(${allowed.join('|')})/)`,
  message: `${folder}/ may import only ${allowed.map((a) => `${a}/`).join(', ')}.`,
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'proto/gen/**', 'runtime-wasm/build/**', 'runtime-wasm/assembly/**', 'models/backend/assembly/**', 'models/backend/build/**', 'out/**', 'runs/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports.' }],
    },
  },
  // Type-aware rules: a switch over a union must handle every member (or say default), and a promise
  // must be awaited, returned or explicitly voided.
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  // Every library: no cli/, no yargs.
  { files: LIBRARIES, rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noYargs] }] } },
  // The order: core → proto, data → formats → models, compiler → nir, runtime-wasm, report → cli.
  { files: ['proto/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, onlyFrom('proto', ['core'])] }] } },
  { files: ['data/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, onlyFrom('data', ['core'])] }] } },
  { files: ['formats/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, onlyFrom('formats', ['core', 'data'])] }] } },
  { files: ['compiler/**/*.ts', 'report/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, noModels] }] } },
  // nir/ maps NIR into the compiler IR: it sits at the compiler's level, above core, proto and formats.
  {
    files: ['nir/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, noModels, onlyFrom('nir', ['core', 'proto', 'data', 'formats', 'compiler'])] }] },
  },
  {
    files: ['runtime-wasm/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, noModels, onlyFrom('runtime-wasm', ['core', 'proto'], 2)] }] },
  },
  // core/ depends on nothing: no other hsnn folder, no tfjs, no yargs.
  {
    files: ['core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCli, noTf, noYargs, { regex: '^\\.\\./', message: 'core/ imports no other hsnn folder.' }] }] },
  },
);
