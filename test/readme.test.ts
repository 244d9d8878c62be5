import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The README's TypeScript-only samples (```tsx: the subpath modules, which jsii-rosetta cannot
 * translate) type-check against the sources, as users would import them. The ```ts samples are
 * compiled by `jsii-rosetta extract --strict` in `npm test`.
 */
const ROOT = path.join(__dirname, '..');

function typeScriptOnlySamples(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  return [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** Where the README's absolute links to this repository's own files point. */
const REPOSITORY_FILE = /^https:\/\/(?:github\.com\/cdk-chime-meeting-dialin\/cdk-chime-meeting-dialin\/blob|raw\.githubusercontent\.com\/cdk-chime-meeting-dialin\/cdk-chime-meeting-dialin)\/main\/([^#?]+)/;

function readmeLinks(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8').replace(/```[\s\S]*?```/g, '');
  return [...readme.matchAll(/\]\(([^)\s]+)\)/g), ...readme.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
}

describe('README', () => {
  // npm, PyPI and Construct Hub show the README away from the repository: a relative link breaks there.
  it('has only absolute links', () => {
    expect(readmeLinks().length).toBeGreaterThan(10);
    expect(readmeLinks().filter((link) => !/^(https:|mailto:)/.test(link))).toEqual([]);
  });

  it('links only to files of this repository that exist', () => {
    const files = readmeLinks().flatMap((link) => REPOSITORY_FILE.exec(link)?.[1] ?? []);

    expect(files).toEqual(expect.arrayContaining(['docs/diagrams/architecture.svg', 'docs/diagrams/call-flow.svg']));
    expect(files.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  // Those sites render images, not diagram code.
  it('shows diagrams as images, with no diagram code blocks', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

    expect(readme).not.toMatch(/```(mermaid|plantuml|dot)/);
    expect(readme).toMatch(/!\[[^\]]+\]\(https:\/\/raw\.githubusercontent\.com\/[^)]+\.svg\)/);
  });

  it('has TypeScript-only samples to check', () => {
    expect(typeScriptOnlySamples().length).toBeGreaterThanOrEqual(3);
  });

  it('TypeScript-only samples type-check against the package\'s subpath modules', () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'readme-'));
    const files = typeScriptOnlySamples().map((sample, index) => {
      const file = path.join(dir, `sample-${index}.ts`);
      // Each sample is its own module, so top-level await and names do not clash.
      fs.writeFileSync(file, `${sample}\nexport {};\n`);
      return file;
    });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ES2022',
        moduleResolution: 'bundler',
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        baseUrl: ROOT,
        paths: { 'cdk-chime-meeting-dialin/*': ['src/*/index.ts'], '*': ['node_modules/*'] },
      },
      files,
    }));

    const compile = () => execFileSync('node', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, '--ignoreDeprecations', '6.0'], {
      encoding: 'utf-8', stdio: 'pipe',
    });

    try {
      expect(compile).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
