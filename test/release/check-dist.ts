/**
 * The release packaging check (`npx projen test:dist`, run by .ci/run after the release's version
 * bump, the bindings test and `package:js`). Every jsii target's artifact must be in dist/ and carry
 * the package's name, the version in package.json (the one the release would publish) and the
 * license. Prints one line per artifact with its size; exits non-zero when any is missing or wrong.
 *
 * The NuGet package needs a .NET SDK to build. Where none is installed, the generated .NET project
 * is checked instead (the release workflow builds the package in an image that has one).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')) as {
  name: string; version: string; license: string;
  jsii: { targets: {
    python: { distName: string; module: string };
    java: { package: string; maven: { groupId: string; artifactId: string } };
    dotnet: { packageId: string };
    go: { moduleName: string };
  }; };
};
const { name, version, license } = manifest;
const targets = manifest.jsii.targets;
const GO_PACKAGE = name.replace(/-/g, '');

interface Artifact {
  readonly target: string;
  readonly file: string;
  /** What is wrong with it; empty when it is right. */
  readonly problems: string[];
}

function main(): void {
  const artifacts = [
    ...npmTarball(),
    ...pythonPackages(),
    ...javaPackage(),
    ...goModule(),
    ...dotnetPackage(),
  ];
  let failed = 0;
  for (const artifact of artifacts) {
    const file = path.join(DIST, artifact.file);
    const size = fs.existsSync(file) ? describeSize(file) : 'missing';
    const verdict = artifact.problems.length === 0 ? 'ok' : `FAILED: ${artifact.problems.join('; ')}`;
    failed += artifact.problems.length === 0 ? 0 : 1;
    console.log(`${artifact.target.padEnd(7)} dist/${artifact.file} (${size}): ${verdict}`);
  }
  console.log(`${name} ${version}, ${license}: ${artifacts.length - failed} artifacts ok, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// --- npm -------------------------------------------------------------------------------------------

function npmTarball(): Artifact[] {
  const file = path.join('js', `${name}@${version}.jsii.tgz`);
  return [check('npm', file, (full) => {
    const packed = JSON.parse(tarFile(full, 'package/package.json')) as { name: string; version: string; license: string };
    return [
      ...expectEqual('package.json name', packed.name, name),
      ...expectEqual('package.json version', packed.version, version),
      ...expectEqual('package.json license', packed.license, license),
      ...expectMember('the tarball', tarList(full), 'package/LICENSE'),
    ];
  })];
}

// --- PyPI ------------------------------------------------------------------------------------------

function pythonPackages(): Artifact[] {
  const base = `${targets.python.module}-${version}`;
  const metadata = (text: string) => [
    ...expectMetadata(text, 'Name', targets.python.distName),
    ...expectMetadata(text, 'Version', version),
    ...(/^License(-Expression)?: Apache-2\.0$/m.test(text) || /^Classifier: License :: OSI Approved :: Apache Software License$/m.test(text)
      ? [] : [`its metadata names no ${license} license`]),
  ];
  return [
    check('pypi', path.join('python', `${base}-py3-none-any.whl`), (full) => [
      ...metadata(zipFile(full, `${base}.dist-info/METADATA`)),
      ...expectMember('the wheel', zipList(full), `${targets.python.module}/_jsii/${name}@${version}.jsii.tgz`),
    ]),
    check('pypi', path.join('python', `${base}.tar.gz`), (full) => [
      ...metadata(tarFile(full, `${base}/PKG-INFO`)),
      ...expectMember('the sdist', tarList(full), `${base}/LICENSE`),
    ]),
  ];
}

// --- Maven Central ---------------------------------------------------------------------------------

function javaPackage(): Artifact[] {
  const { groupId, artifactId } = targets.java.maven;
  const dir = path.join('java', ...groupId.split('.'), artifactId, version);
  return [
    check('maven', path.join(dir, `${artifactId}-${version}.jar`), (full) =>
      expectMember('the jar', zipList(full), `${targets.java.package.split('.').join('/')}/$Module.class`)),
    check('maven', path.join(dir, `${artifactId}-${version}.pom`), (full) => {
      const pom = fs.readFileSync(full, 'utf-8');
      return [
        ...expectTag(pom, 'groupId', groupId),
        ...expectTag(pom, 'artifactId', artifactId),
        ...expectTag(pom, 'version', version),
        ...(/<license>\s*<name>Apache License 2\.0<\/name>/.test(pom) ? [] : ['the pom names no Apache License 2.0']),
      ];
    }),
  ];
}

// --- Go --------------------------------------------------------------------------------------------

function goModule(): Artifact[] {
  const dir = path.join('go', GO_PACKAGE);
  return [
    check('go', path.join(dir, 'go.mod'), (full) => {
      const goMod = fs.readFileSync(full, 'utf-8');
      const module = /^module (\S+)$/m.exec(goMod)?.[1];
      const embedded = path.join(path.dirname(full), 'jsii', `${name}-${version}.tgz`);
      const licenseFile = path.join(path.dirname(full), 'LICENSE');
      return [
        ...expectEqual('go.mod module', module, `${targets.go.moduleName}/${GO_PACKAGE}`),
        ...expectEqual('version file', readIfExists(path.join(path.dirname(full), 'version'))?.trim(), version),
        ...(fs.existsSync(embedded) ? [] : [`no embedded jsii/${name}-${version}.tgz`]),
        ...(fs.existsSync(licenseFile) && /Apache License/.test(fs.readFileSync(licenseFile, 'utf-8')) ? [] : ['no Apache LICENSE file']),
      ];
    }),
  ];
}

// --- NuGet -----------------------------------------------------------------------------------------

function dotnetPackage(): Artifact[] {
  const packageId = targets.dotnet.packageId;
  const nupkg = path.join('dotnet', `${packageId}.${version}.nupkg`);
  if (fs.existsSync(path.join(DIST, nupkg))) {
    return [check('nuget', nupkg, (full) => {
      const nuspec = zipFile(full, `${packageId}.nuspec`);
      return [
        ...expectTag(nuspec, 'id', packageId),
        ...expectTag(nuspec, 'version', version),
        ...(/<license type="expression">Apache-2\.0<\/license>/.test(nuspec) ? [] : ['the nuspec names no Apache-2.0 license']),
      ];
    })];
  }
  // No .NET SDK here: the project jsii-pacmak generated, which the release workflow packs.
  return [check('nuget', path.join('dotnet', packageId, `${packageId}.csproj`), (full) => {
    const csproj = fs.readFileSync(full, 'utf-8');
    return [
      ...expectTag(csproj, 'PackageId', packageId),
      ...expectTag(csproj, 'PackageVersion', version),
      ...expectTag(csproj, 'PackageLicenseExpression', 'Apache-2.0'),
      ...(fs.existsSync(path.join(path.dirname(full), `${name}-${version}.tgz`)) ? [] : [`no embedded ${name}-${version}.tgz`]),
    ];
  })];
}

// --- Helpers ---------------------------------------------------------------------------------------

function check(target: string, file: string, inspect: (full: string) => string[]): Artifact {
  const full = path.join(DIST, file);
  if (!fs.existsSync(full)) {
    return { target, file, problems: ['missing'] };
  }
  try {
    return { target, file, problems: inspect(full) };
  } catch (error) {
    return { target, file, problems: [`could not be read: ${(error as Error).message.split('\n')[0]}`] };
  }
}

function expectEqual(what: string, actual: string | undefined, expected: string): string[] {
  return actual === expected ? [] : [`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}

function expectMember(what: string, members: string[], member: string): string[] {
  return members.includes(member) ? [] : [`${what} has no ${member}`];
}

function expectMetadata(text: string, field: string, expected: string): string[] {
  return expectEqual(`metadata ${field}`, new RegExp(`^${field}: (.+)$`, 'm').exec(text)?.[1]?.trim(), expected);
}

/** The first `<tag>` of the XML document (the project's own, in a pom or nuspec, comes first). */
function expectTag(xml: string, tag: string, expected: string): string[] {
  const withoutParent = xml.replace(/<parent>[\s\S]*?<\/parent>/, '');
  return expectEqual(`<${tag}>`, new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(withoutParent)?.[1], expected);
}

function tarList(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
}

function tarFile(file: string, member: string): string {
  return execFileSync('tar', ['-xzOf', file, member], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
}

const ZIP = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nif len(sys.argv) > 2:\n    sys.stdout.write(z.read(sys.argv[2]).decode("utf-8"))\nelse:\n    sys.stdout.write("\\n".join(z.namelist()))\n';

function zipList(file: string): string[] {
  return execFileSync('python3', ['-c', ZIP, file], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
}

function zipFile(file: string, member: string): string {
  return execFileSync('python3', ['-c', ZIP, file, member], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : undefined;
}

function describeSize(file: string): string {
  const bytes = fs.statSync(file).size;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

main();
