import * as fs from 'fs';
import * as path from 'path';
import { awscdk, github, javascript, release, ReleasableCommits } from 'projen';
import { HANDLER_SDK_CHUNKS, LAMBDA_BUNDLING } from './projenrc/lambda-bundling';

/** The first aws-cdk-lib release with `aws_chime.CfnSipMediaApplication`. */
const CDK_FLOOR = '2.273.0';

/**
 * The cfn-lint the tests run, installed into .tools/cfn-lint by the `cfn-lint:install` task.
 * 1.58.0 is the first release whose schemas know AWS::Chime::SipMediaApplication.
 */
const CFN_LINT_VERSION = '1.58.0';

/** The renderer of the README's diagrams (docs/diagrams/*.puml), from Maven Central. */
const PLANTUML_VERSION = '1.2026.10';

/**
 * TypeScript-only modules, published as subpath exports. jsii never sees them: construct code
 * (reachable from src/index.ts) must not import them.
 */
const SUBPATH_MODULES = ['sma', 'dial-in', 'client', 'testing'];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-chime-meeting-dialin',
  description:
    'Phone dial-in and dial-out for Amazon Chime SDK meetings as one AWS CDK construct: SIP media application, '
    + 'phone number, SIP rule and call-flow handler, with a local SIP media application simulator for offline tests.',
  author: 'cdk-chime-meeting-dialin developers',
  authorAddress: 'dialin@example.com',
  repositoryUrl: 'https://github.com/cdk-chime-meeting-dialin/cdk-chime-meeting-dialin.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  stability: 'experimental',
  keywords: ['awscdk', 'aws-cdk', 'chime', 'chime-sdk', 'pstn', 'sip-media-application', 'dial-in', 'meetings'],

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // GitHub workflows, generated: build (with the self-mutation check), release, upgrade-main.
  // .ci/run is this workplace's CI and runs the same test command; it lints these workflows.
  github: true,
  githubOptions: { mergify: false, pullRequestLintOptions: { semanticTitle: true } },
  // commit-and-tag-version, which the release job's bump runs, needs Node.js 22.
  workflowNodeVersion: '22.x',
  minNodeVersion: '20.0.0',
  // The tests need a real Python for cfn-lint (.tools/cfn-lint) and the bindings; the superchain
  // image the release jobs run in has Python, Java, Go and .NET.
  workflowContainerImage: 'jsii/superchain:1-bookworm-slim-node22',

  // Releases: conventional commits decide the version; a release is cut on demand (CONTRIBUTING.md).
  release: true,
  releaseTrigger: release.ReleaseTrigger.workflowDispatch(),
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  // The first release is 0.1.0, not the 0.0.0 that projen releases when no tag exists yet; on 0.x a
  // feature or a breaking change raises the minor version (commit-and-tag-version would make it a patch).
  nextVersionCommand: 'node scripts/next-version.js',
  npmTrustedPublishing: true,
  npmProvenance: true,
  depsUpgradeOptions: { workflowOptions: { labels: ['auto-approve'], branches: ['main'] } },

  publishToPypi: {
    distName: 'cdk-chime-meeting-dialin',
    module: 'cdk_chime_meeting_dialin',
    trustedPublishing: true,
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkchimemeetingdialin',
    mavenGroupId: 'io.github.cdk-chime-meeting-dialin',
    mavenArtifactId: 'cdk-chime-meeting-dialin',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkChimeMeetingDialin',
    packageId: 'CdkChimeMeetingDialin',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-chime-meeting-dialin/cdk-chime-meeting-dialin-go',
  },

  // Handlers are bundled below, and wrapped by our own construct code so that users keep control
  // of the runtime and architecture (projen's generated Function classes hard-code the runtime).
  lambdaAutoDiscover: false,
  // projen's legacy integ tasks (*.integ.ts, one plain App, no assertions) give way to test/integ.
  integrationTestAutoDiscover: false,

  devDeps: [
    '@aws-sdk/client-chime-sdk-meetings@^3',
    '@aws-sdk/client-chime-sdk-voice@^3',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-lambda-powertools/logger@^2',
    '@aws-lambda-powertools/metrics@^2',
    'dynalite@^4',
    // The benchmarks' baseline: the same stack shape built from the best-known library of the field.
    'cdk-amazon-chime-resources@^3',
    'cdk-nag@^3',
    'fast-check@^4',
    // The integration test (test/integ): its assertions, pinned because the alpha module moves with
    // aws-cdk-lib (its peer range must admit CDK_FLOOR), and the CLI that deploys it. No
    // @aws-cdk/integ-runner the registry offers reads the cloud assembly schema of CDK_FLOOR (the newest,
    // 2.197.10, stops at schema 53; aws-cdk-lib 2.273.0 writes 54), so test/integ/run.ts drives the CLI.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    'aws-cdk@^2',
  ],

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
  },

  bin: {
    'cdk-chime-meeting-dialin': 'lib/cli/main.js',
  },

  jestOptions: {
    // A snapshot that rewrites itself cannot fail: never update snapshots implicitly.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.ts'],
      testTimeout: 60_000,
    },
  },

  gitignore: ['/.tools/', '/cdk.out/', '/examples/cdk.out/', '/.tmp/', '/.jsii.tabl.json'],
});

// --- Release: CHANGELOG.md follows the published releases ---------------------------------------
// projen writes each release's entry to dist/changelog.md and publishes it as the GitHub release's
// notes. This job, which runs once every registry and the GitHub release succeeded, adds the entry to
// CHANGELOG.md on main. Its commit is a `docs` commit, which is not releasable by itself.
project.release?.addJobs({
  changelog: {
    name: 'Add the release to CHANGELOG.md',
    needs: ['release', 'release_github'],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.WRITE },
    if: '${{ !inputs.dry_run }}',
    steps: [
      { name: 'Checkout', uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', with: { ref: 'main', token: '${{ secrets.PROJEN_GITHUB_TOKEN || github.token }}' } },
      { name: 'Download build artifacts', uses: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' } },
      {
        name: 'Commit CHANGELOG.md',
        run: [
          'version=$(cat dist/version.txt)',
          'node scripts/update-changelog.js dist/changelog.md CHANGELOG.md "$version"',
          'git config user.name "github-actions[bot]"',
          'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
          'git add CHANGELOG.md',
          'git diff --cached --quiet || { git commit -m "docs(changelog): v$version" && git push origin HEAD:main; }',
        ].join('\n'),
      },
    ],
  },
});

// --- Lambda bundles: every src/**/*.lambda.ts becomes assets/<dir>/<name>.lambda/index.js ---------
for (const entry of findLambdaEntrypoints('src')) {
  const sdkChunk = HANDLER_SDK_CHUNKS[entry];
  const standIns = Object.entries(sdkChunk?.standIns ?? {}).map(([sdkPackage, standIn]) => [`--alias:${sdkPackage}`, standIn]);
  project.bundler.addBundle(entry, { ...LAMBDA_BUNDLING, externals: [...LAMBDA_BUNDLING.externals], esbuildArgs: Object.fromEntries(standIns) });
  if (sdkChunk) {
    project.bundler.addBundle(sdkChunk.entry, {
      ...LAMBDA_BUNDLING,
      externals: [],
      // The SDK's ES module sources, which esbuild can tree-shake, rather than its CommonJS build.
      mainFields: ['module', 'main'],
      // Those sources load Node built-ins with `import()`: `require` them, as the rest of the CommonJS bundle does.
      esbuildArgs: { '--supported:dynamic-import': 'false' },
    });
  }
}
// The bundles are part of the package: constructs resolve them relative to their own file. So are
// the simulator's example scenarios (scenarios/, which run the bundled handler) and their guide,
// which `cdk-chime-meeting-dialin simulate --help` points at.
project.npmignore?.addPatterns('!/assets/', '/examples/', '/bench/', '/scripts/', '/docs/*', '!/docs/simulator-scenarios.md', '/.ci/', '/cdk.out/', '/.tmp/', '/.tools/', '/BENCHMARKS.md');

// --- Subpath exports for the TypeScript-only modules --------------------------------------------
const exportsField: Record<string, unknown> = {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
};
const typesVersions: Record<string, string[]> = {};
for (const name of SUBPATH_MODULES) {
  exportsField[`./${name}`] = { types: `./lib/${name}/index.d.ts`, default: `./lib/${name}/index.js` };
  typesVersions[name] = [`lib/${name}/index.d.ts`];
}
project.package.addField('exports', exportsField);
// Consumers on `moduleResolution: node` ignore `exports`; typesVersions gives them the subpath types.
project.package.addField('typesVersions', { '*': typesVersions });

// --- npm install scripts: approve none we do not need ------------------------------------------
// @parcel/watcher is an optional file watcher of jest; its native build is not needed to run tests.
// esbuild's postinstall only re-checks the platform binary that npm already installed as @esbuild/<platform>.
// classic-level (under dynalite) ships prebuilt binaries; the tests use dynalite in memory anyway.
project.package.addField('allowScripts', { '@parcel/watcher': false, 'esbuild': false, 'classic-level': false });

// The AWS SDK v3 is not a dependency of the package: the bundled handlers carry the clients they
// use (meeting-join) or take them from the Lambda Node.js runtime (provisioning), and the TypeScript-only
// /dial-in and /client modules load it lazily from the user's own installation (documented).
// jsii accepts neither a non-jsii peer dependency nor an unbundled one.
project.eslint?.addOverride({
  files: ['src/provisioning/**', 'src/handler/**', 'src/dial-in/**', 'src/client/**'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// --- Type-checking for the app and benchmark code that lives beside src/ and test/ -------------
for (const dir of ['examples', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
    exclude: ['node_modules', 'cdk.out'],
  });
}

// --- Tasks --------------------------------------------------------------------------------------
// `npm test` is the README's test command: it builds what the tests exercise (bundles, lib/, API.md)
// from the sources, then runs jest and eslint. A stale lib/ could otherwise pass the packaging test.
const testTask = project.testTask;
const buildSteps = ['pre-compile', 'compile', 'post-compile'].map((name) => ({ spawn: name }));
// The tests lint templates with a pinned cfn-lint in a project-local venv, never the one on PATH.
const cfnLintInstall = project.addTask('cfn-lint:install', {
  description: `Install cfn-lint ${CFN_LINT_VERSION} into .tools/cfn-lint (a Python venv), unless it is there already`,
  exec: `node scripts/install-cfn-lint.js ${CFN_LINT_VERSION}`,
});
testTask.prependSteps(
  { spawn: cfnLintInstall.name },
  ...buildSteps,
  // ts-jest only transpiles (isolatedModules), so type errors in tests, including the type-level
  // assertions written with @ts-expect-error, are caught here.
  // Every TypeScript sample of the README compiles, so jsii-rosetta can translate it for every language.
  { exec: 'jsii-rosetta extract --strict --fail .jsii' },
  { exec: 'tsc --noEmit -p test/tsconfig.json' },
  { exec: 'tsc --noEmit -p examples/tsconfig.json' },
  { exec: 'tsc --noEmit -p bench/tsconfig.json' },
);

// The README's main command: synthesize the example app and play a simulated dial-in call through
// the handler asset it synthesized, offline.
project.addTask('demo', {
  description: 'Synthesize the example app to cdk.out and play a simulated dial-in call through its handler',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --project examples/tsconfig.json examples/demo.ts cdk.out' },
  ],
});

// The language bindings: jsii-pacmak packages the library for Python, Java, Go (and .NET, code only),
// and the example app written in each must synthesize the TypeScript app's template (README).
project.addTask('test:bindings', {
  description: 'Package the library for every jsii language and check that the example app in each synthesizes the TypeScript template',
  steps: [
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { exec: 'ts-node --project test/tsconfig.json test/bindings/run.ts' },
  ],
});

// The README's diagrams are SVG images rendered from docs/diagrams/*.puml; .ci/run checks them.
project.addTask('diagrams', {
  description: 'Render docs/diagrams/*.puml to the SVG images the README shows',
  exec: `node scripts/diagrams.js render ${PLANTUML_VERSION}`,
});
project.addTask('diagrams:check', {
  description: 'Fail when a committed diagram SVG is not what its source renders to',
  exec: `node scripts/diagrams.js check ${PLANTUML_VERSION}`,
});

// After the release's bump and packaging (.ci/run), every jsii target's artifact must be in dist/.
project.addTask('test:dist', {
  description: 'Check that dist/ holds every jsii target\'s artifact with the package\'s name, version and license',
  exec: 'ts-node --project test/tsconfig.json test/release/check-dist.ts',
});

// The example app and the test stacks, synthesized with the aws-cdk-lib floor and the newest release
// on the registry: 0 template-validation findings and 0 cfn-lint errors, each template in its region.
const templatesTask = project.addTask('test:templates', {
  description: 'Synthesize the example app and the test stacks with the floor and the newest aws-cdk-lib; fail on any validation finding or cfn-lint error',
  steps: [
    { spawn: cfnLintInstall.name },
    { exec: 'ts-node --transpile-only --project test/tsconfig.json test/templates/check-templates.ts' },
  ],
});
project.buildWorkflow?.addPostBuildSteps({
  name: 'Templates with the newest aws-cdk-lib',
  run: `npx projen ${templatesTask.name}`,
});

project.addTask('bench', {
  description: 'Run the benchmarks and rewrite BENCHMARKS.md',
  steps: [
    // lib/ and API.md current, so the tarball case measures what would be published.
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { spawn: 'post-compile' },
    { exec: 'ts-node --project bench/tsconfig.json bench/run.ts' },
  ],
});

// The integration test deploys to a real account: never part of `npm test`, which checks its
// committed snapshot instead (test/integ/dial-in-integ.test.ts).
project.addTask('integ', {
  description: 'Deploy the integration test to the AWS account of the environment, run its assertions and destroy it',
  steps: [{ exec: 'ts-node --transpile-only --project test/tsconfig.json test/integ/run.ts', receiveArgs: true }],
});
project.addTask('integ:snapshot', {
  description: 'Rewrite the committed integration test snapshot from the current code (no deployment)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only --project test/tsconfig.json test/integ/run.ts --snapshot-only' },
  ],
});

project.synth();

function findLambdaEntrypoints(dir: string): string[] {
  const found: string[] = [];
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) {
      found.push(...findLambdaEntrypoints(full));
    } else if (dirent.name.endsWith('.lambda.ts')) {
      found.push(full);
    }
  }
  return found.sort();
}
