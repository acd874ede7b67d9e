// `npm run mutate`: mutation testing of the pure folders (README, "Mutation testing"). Not part
// of .ci/run: a full run takes minutes of both cores. Run it before calling work on these folders
// done; a survivor is a rule no test states: add the test, or mark an equivalent mutant with
// `// Stryker disable next-line <mutator>: <why it is equivalent>`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    'src/core/**/*.ts',
    'sync-agent/config/**/*.ts',
    'sync-agent/render/**/*.ts',
    'sync-agent/plan/**/*.ts',
    '!**/*.d.ts',
  ],
  // No type checker: @stryker-mutator/typescript-checker calls the TypeScript compiler API,
  // which TypeScript 7's package does not ship. So mutants that do not compile count as
  // killed or survived by the tests alone; `npm test` still type-checks the real code.
  checkers: [],
  // Stryker rewrites the tsconfig named here with typescript's parseConfigFileTextToJson, also
  // missing in TypeScript 7. A name that matches no file skips that step; it is not needed, as
  // the sandbox copies the whole project and every tsconfig `extends` stays inside it.
  tsconfigFile: 'stryker-no-tsconfig.json',
  // Two cores, shared: `npm run mutate -- --concurrency 1` on a busy machine.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 10000,
}
