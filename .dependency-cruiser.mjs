/**
 * The architecture as rules (README, "Imports point one way"): domain ← store ←
 * operations (what a request or a job does) ← handlers (functions/http and one folder
 * per Lambda) ← infra, with the runtime configuration under all of them; the publisher
 * and the Astro apps read the domain, the store and the small shared contract in
 * site/contract, never each other; nothing in functions/ or site/ imports infra/;
 * infra/aws never imports infra/local; no cycles.
 *
 * `npm test` checks them (test/checks/architecture.test.ts), also for the imports in
 * the frontmatter and scripts of .astro files, which dependency-cruiser cannot read;
 * for those, a rule's from and to may hold `path` and `pathNot` only. From the command
 * line (without .astro files): `npx depcruise functions site infra test content`.
 */

/** Code that runs in a Lambda beside the domain and the store: operations, adapters and handlers. */
const HANDLERS = '^functions/(?!domain/|store/|publish/)[^/]+/';

/** The Lambda entry points of the API and the scheduler: parse, run an operation, answer. */
const ENTRY_POINTS = '^functions/(stories|releases|statistics|meta|scheduler|photos|distribution|history)/|^functions/users/index\\.ts$';

/**
 * Known cycles, left for the package split of issue 17: each is a pair of modules in one
 * folder that import each other, one way for types only (which vanish at run time).
 * read-back.ts hashes a story and story.ts embeds the read-back record; plan.ts
 * hands ImageReferences the live site it describes.
 */
const TYPE_ONLY_CYCLES = ['^functions/domain/(read-back|story)\\.ts$', '^functions/publish/(image-refs|plan)\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: { pathNot: TYPE_ONLY_CYCLES },
      to: { circular: true },
    },
    {
      name: 'no-circular-at-run-time',
      severity: 'error',
      comment: 'Not even the known type-only cycles may gain an import that runs: that one decides load order.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'functions/domain holds the rules and nothing else: it imports no other folder of ours.',
      from: { path: '^functions/domain/' },
      to: { path: '^(functions|site|infra|test|content)/', pathNot: '^functions/domain/' },
    },
    {
      name: 'config-reads-nothing',
      severity: 'error',
      comment: 'functions/runtime/config.ts is the one reader of the environment, under everything that runs: it imports nothing of ours.',
      from: { path: '^functions/runtime/config\\.ts$' },
      to: { path: '^(functions|site|infra|test|content)/' },
    },
    {
      name: 'store-reads-domain-only',
      severity: 'error',
      comment: 'functions/store is DynamoDB access for the domain: of ours it imports the domain only, and where the table is (the runtime configuration).',
      from: { path: '^functions/store/' },
      to: { path: '^(functions|site|infra|test|content)/', pathNot: '^functions/(domain|store)/|^functions/runtime/config\\.ts$' },
    },
    {
      name: 'handlers-point-down',
      severity: 'error',
      comment: 'HTTP adapter and Lambda handlers build on domain and store; they never reach into the publisher, the site or infra.',
      from: { path: HANDLERS },
      to: { path: '^(functions/publish|site|infra|test)/' },
    },
    {
      name: 'operations-below-entry-points',
      severity: 'error',
      comment: 'functions/operations is what a request or a job does; the HTTP adapter and the Lambda entry points call it, never the other way.',
      from: { path: '^functions/operations/' },
      to: { path: `${ENTRY_POINTS}|^functions/http/` },
    },
    {
      name: 'entry-points-use-operations',
      severity: 'error',
      comment: "An entry point parses, runs an operation and answers; reading or writing the table and announcing changes is the operation's.",
      from: { path: ENTRY_POINTS },
      to: { path: '^functions/(store|events)/' },
    },
    {
      name: 'http-adapter-reads-no-store',
      severity: 'error',
      comment: 'functions/http turns events into calls and errors into responses; what it maps (actors, conflicts) comes from the domain.',
      from: { path: '^functions/http/' },
      to: { path: '^functions/store/' },
    },
    {
      name: 'publisher-reads-no-app',
      severity: 'error',
      comment: 'The publisher renders the built newsroom; what both need lives in site/contract, so functions/ never imports an app.',
      from: { path: '^functions/' },
      to: { path: '^site/', pathNot: '^site/contract/' },
    },
    {
      name: 'contract-reads-domain-only',
      severity: 'error',
      comment: 'site/contract is shared by the publisher, the newsroom and infra: types and pure functions over the domain only.',
      from: { path: '^site/contract/' },
      to: { path: '^(functions|site|infra|test|content)/', pathNot: '^(functions/domain|site/contract)/' },
    },
    {
      name: 'apps-are-separate',
      severity: 'error',
      comment: 'The newsroom and the editor are two apps: neither imports the other.',
      from: { path: '^site/(newsroom|redaktion)/' },
      to: { path: '^site/', pathNot: '^site/($1|contract)/' },
    },
    {
      name: 'newsroom-reads-domain-and-store',
      severity: 'error',
      comment: 'The public site renders content: of functions/ it reads the domain, the store and the runtime configuration, no handler or publisher.',
      from: { path: '^site/newsroom/' },
      to: { path: '^functions/', pathNot: '^functions/(domain|store)/|^functions/runtime/config\\.ts$' },
    },
    {
      name: 'editor-reads-no-store',
      severity: 'error',
      comment: 'The editor runs in the browser and talks to the API: it may use domain types and rules, never the store (or anything else of functions/).',
      from: { path: '^site/redaktion/' },
      to: { path: '^functions/', pathNot: '^functions/domain/' },
    },
    {
      name: 'code-reads-no-infra',
      severity: 'error',
      comment: 'infra/ composes functions and site for a place to run; the code it composes never imports it.',
      from: { path: '^(functions|site)/' },
      to: { path: '^infra/' },
    },
    {
      name: 'aws-reads-no-local',
      severity: 'error',
      comment: 'infra/aws deploys; the laptop stand-in in infra/local is no part of it.',
      from: { path: '^infra/aws/' },
      to: { path: '^infra/local/' },
    },
    {
      name: 'only-tests-read-tests',
      severity: 'error',
      comment: 'Test helpers and fixtures are for tests.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '(^|/)\\.astro/', '^cdk\\.out/', '^\\.data/'] },
    // Type-only imports count: a type is part of the contract between two modules too.
    tsPreCompilationDeps: true,
    skipAnalysisNotInRules: true,
  },
};
