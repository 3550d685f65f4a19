import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// ---------------------------------------------------------------------------------------------
// Layers (DESIGN.md): which folders of src/ each layer must not import. Imports between layers are
// relative, so each rule is generated for every depth below src/: from src/sim/queue.ts the folder
// src/wire/ is "../wire", from src/wire/mh/header.ts it is "../../wire". A file of the layer itself
// that shares a layer's name (src/wire/protocols.ts) is therefore not mistaken for the layer.
// ---------------------------------------------------------------------------------------------

const MAX_DEPTH = 8;
const nodeMessage = 'src/ runs in the browser too: Node built-ins are allowed only in src/cli/.';
const uiMessage = 'Only src/ui/ may import src/ui/: the UI reads the Trace, nothing reads the UI.';
const cliMessage = 'Only bin/ may import src/cli/: the CLI is an entry point, not a library.';

/** What each folder of src/ may not import; `typesOnly` folders may be imported with `import type`. */
const layers = {
  // Any folder of src/ without its own entry (and files at the top of src/): neither ui nor cli.
  '*': { forbid: ['ui', 'cli'] },
  // wire: nothing of ours outside wire.
  wire: { forbid: ['sim', 'entities', 'protocols', 'scenarios', 'share', 'ui', 'cli'] },
  // sim: only wire.
  sim: { forbid: ['entities', 'protocols', 'scenarios', 'share', 'ui', 'cli'] },
  // protocols: only wire.
  protocols: { forbid: ['sim', 'entities', 'scenarios', 'share', 'ui', 'cli'] },
  // entities: wire and protocols; sim only for its types, if really needed.
  entities: { forbid: ['scenarios', 'share', 'ui', 'cli'], typesOnly: ['sim'] },
  // scenarios: sim and entities (and through them wire and protocols).
  scenarios: { forbid: ['share', 'ui', 'cli'] },
  // share: scenarios (ids and schemas) and the fault syntax of sim/faults (faults travel in URLs);
  // the lower layers otherwise only for types.
  share: { forbid: ['ui', 'cli'], typesOnly: ['wire', 'sim', 'entities', 'protocols'], values: ['sim/faults'] },
  // lessons: the scenarios they drive, the runs and bytes they check, and the links they open.
  lessons: { forbid: ['entities', 'protocols', 'ui', 'cli'] },
  // ui: everything but cli.
  ui: { forbid: ['cli'] },
  // cli: everything but ui.
  cli: { forbid: ['ui'] },
};

/** Matches an import of one of `names` (folders of src/) from a file `depth` folders below src/. */
const srcImport = (names, depth, except = []) =>
  `^(?:${depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`}|(?:\\.\\./)+src/)${except.map((e) => `(?!${e}(?:\\.ts)?$)`).join('')}(?:${names.join('|')})(?:/|$)`;

function importPatterns(dir, { forbid, typesOnly = [], values = [] }, depth) {
  const layerNames = forbid.filter((name) => name !== 'ui' && name !== 'cli');
  const denied = (names) => names.map((name) => `${name}/`).join(', ');
  const who = dir === '*' ? 'this folder of src/' : `src/${dir}/`;
  const patterns = [];
  if (layerNames.length > 0)
    patterns.push({
      regex: srcImport(layerNames, depth),
      caseSensitive: true,
      message: `Layer rule (DESIGN.md): ${who} may not import ${denied(layerNames)}.`,
    });
  if (typesOnly.length > 0)
    patterns.push({
      regex: srcImport(typesOnly, depth, values),
      caseSensitive: true,
      allowTypeImports: true,
      message: `Layer rule (DESIGN.md): ${who} may import only types from ${denied(typesOnly)}.`,
    });
  if (forbid.includes('ui')) patterns.push({ regex: srcImport(['ui'], depth), caseSensitive: true, message: uiMessage });
  if (forbid.includes('cli'))
    patterns.push({ regex: srcImport(['cli'], depth), caseSensitive: true, message: cliMessage });
  return patterns;
}

const noNodePaths = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => ({ name, message: nodeMessage }));

/**
 * One `no-restricted-imports` entry per folder and depth, with the complete list: ESLint replaces
 * (does not merge) a rule's options when several config objects match a file. The generic '*' entry
 * comes first so that each layer's own entry overrides it.
 */
const layerConfigs = Object.entries(layers).flatMap(([dir, rules]) =>
  Array.from({ length: MAX_DEPTH }, (_, level) => {
    const depth = dir === '*' ? level : level + 1;
    const files =
      dir === '*'
        ? [`src/${'*/'.repeat(level)}*.{ts,js,svelte}`]
        : [`src/${dir}/${'*/'.repeat(level)}*.{ts,js,svelte}`];
    const patterns = importPatterns(dir, rules, depth);
    const node = dir !== 'cli';
    return {
      files,
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': [
          'error',
          node
            ? { paths: noNodePaths, patterns: [...patterns, { group: ['node:*'], message: nodeMessage }] }
            : { patterns },
        ],
      },
    };
  }),
);

// ---------------------------------------------------------------------------------------------
// Determinism (STYLE.md principle 8): a run is a pure function of scenario, parameters, faults
// and seed. Wall clocks, ambient randomness and real timers are forbidden wherever a run reaches.
// ---------------------------------------------------------------------------------------------

const deterministic =
  'Runs must be deterministic (STYLE.md principle 8): use the simulator clock and its seeded RNG instead.';

const determinismRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: deterministic },
    { object: 'Date', property: 'now', message: deterministic },
    { object: 'performance', property: 'now', message: deterministic },
    { object: 'crypto', property: 'getRandomValues', message: deterministic },
    { object: 'crypto', property: 'randomUUID', message: deterministic },
    ...['globalThis', 'window', 'self'].flatMap((object) =>
      ['setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame', 'performance'].map(
        (property) => ({ object, property, message: deterministic }),
      ),
    ),
  ],
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame'].map((name) => ({
      name,
      message: deterministic,
    })),
    { name: 'process', message: 'src/ runs in the browser too: no Node globals outside src/cli/ and src/ui/.' },
    { name: 'Buffer', message: 'src/ runs in the browser too: use Uint8Array, not Buffer.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: deterministic },
    { selector: "CallExpression[callee.name='Date']", message: deterministic },
  ],
};

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', 'playwright-report/', '.vite/'],
  },

  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.es2022 },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },

  // TypeScript checks names itself (typescript-eslint advises against no-undef on TS code).
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },

  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        parser: ts.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },

  // Node: the CLI, its launcher, tests, benchmarks and config files.
  {
    files: ['bin/**', 'src/cli/**', 'test/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },

  // The browser: the UI.
  {
    files: ['src/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Layer rules, plus no Node built-ins in isomorphic code.
  ...layerConfigs,
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(?:^|/)src/ui(?:/|$)', message: uiMessage },
            { regex: '(?:^|/)src/cli(?:/|$)', message: cliMessage },
          ],
        },
      ],
    },
  },

  // Determinism everywhere a run can reach: all of src/ but the UI (which plays the Trace back in
  // real time) and the CLI (which reads files and the clock for its own output).
  {
    files: ['src/**/*.{ts,js,svelte}'],
    ignores: ['src/ui/**', 'src/cli/**'],
    rules: determinismRules,
  },
);
