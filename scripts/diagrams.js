#!/usr/bin/env node
// Renders docs/diagrams/*.puml to the SVG files next to them, which the README shows (npm, PyPI and
// Construct Hub render images, not diagram code). `check` renders into a temporary directory and fails
// when a committed SVG differs from what its source renders to.
// The renderer is PlantUML at the version pinned in .projenrc.ts, fetched from Maven Central into
// .tools/plantuml by Maven on first use; Smetana, its built-in layout engine, means no Graphviz.
// Usage: node scripts/diagrams.js render|check <plantuml-version>
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DIAGRAMS = path.join(ROOT, 'docs', 'diagrams');
const ARTIFACT = 'net.sourceforge.plantuml:plantuml-mit';

const [mode, version] = process.argv.slice(2);
if (!['render', 'check'].includes(mode) || !/^\d+\.\d{4}\.\d+$/.test(version ?? '')) {
  fail('usage: node scripts/diagrams.js render|check <plantuml-version, e.g. 1.2026.10>');
}

const sources = fs.readdirSync(DIAGRAMS).filter((name) => name.endsWith('.puml')).sort();
const jar = ensurePlantUml(version);

if (mode === 'render') {
  render(jar, DIAGRAMS, sources);
  console.log(`rendered ${sources.map((name) => svgName(name)).join(', ')}`);
} else {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'diagrams-'));
  try {
    for (const name of sources) {
      fs.copyFileSync(path.join(DIAGRAMS, name), path.join(out, name));
    }
    render(jar, out, sources);
    const stale = sources.map(svgName).filter((svg) => {
      const committed = path.join(DIAGRAMS, svg);
      return !fs.existsSync(committed) || !fs.readFileSync(committed).equals(fs.readFileSync(path.join(out, svg)));
    });
    if (stale.length > 0) {
      fail(`${stale.map((svg) => `docs/diagrams/${svg}`).join(', ')} not up to date with its source: run \`npx projen diagrams\` and commit the result.`);
    }
    console.log(`${sources.length} diagrams up to date with their sources (PlantUML ${version})`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function svgName(source) {
  return source.replace(/\.puml$/, '.svg');
}

function render(plantUml, dir, names) {
  // -nometadata: no source copy inside the SVG, so the image changes only when the picture does.
  run('java', ['-Djava.awt.headless=true', '-jar', plantUml, '-tsvg', '-nometadata', '-failfast2', ...names.map((name) => path.join(dir, name))],
    'PlantUML could not render the diagrams (is Java 11 or newer installed?)');
}

function ensurePlantUml(plantUmlVersion) {
  const dir = path.join(ROOT, '.tools', 'plantuml');
  const file = path.join(dir, `plantuml-mit-${plantUmlVersion}.jar`);
  if (!fs.existsSync(file)) {
    run('mvn', ['--batch-mode', '--quiet', 'dependency:copy', `-Dartifact=${ARTIFACT}:${plantUmlVersion}`, `-DoutputDirectory=${dir}`],
      `Maven could not fetch ${ARTIFACT}:${plantUmlVersion} from Maven Central (is Maven installed?)`);
  }
  return file;
}

function run(command, args, hint) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    fail(hint);
  }
}

function fail(message) {
  console.error(`diagrams: ${message}`);
  process.exit(1);
}
