// `npm test`: typecheck, lint, unit tests, production build, end-to-end specs. Each stage's
// results are counted; the run ends with exactly one line `total: N passed, N failed, N skipped`
// and exits non-zero if anything failed. Skipped tests are listed with their reasons, never silent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cache = path.join(root, '.cache');
mkdirSync(cache, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const skippedReasons = [];
const failures = [];

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${label}: exit ${result.status ?? result.signal} in ${seconds}s`);
  return result.status === 0;
}

function stage(label, command, args) {
  if (run(label, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

stage('typecheck', bin('tsc'), ['-b']);
stage('lint', bin('eslint'), ['--max-warnings', '0', '.']);

// Unit and integration tests (vitest).
{
  const out = path.join(cache, 'vitest.json');
  rmSync(out, { force: true });
  const okRun = run('unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // A file that fails to load has no tests to count: count it as a failure.
    const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
    totals.failed += brokenFiles.length;
    for (const f of brokenFiles) failures.push(`unit: ${path.relative(root, f.name)} failed to load`);
    for (const f of report.testResults) {
      for (const t of f.assertionResults) {
        if (t.status === 'failed') failures.push(`unit: ${t.fullName}`);
        if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') {
          skippedReasons.push(`unit: ${t.fullName}`);
        }
      }
    }
    if (!okRun && report.numFailedTests === 0 && brokenFiles.length === 0) {
      totals.failed += 1;
      failures.push('unit: vitest exited non-zero');
    }
  } else {
    totals.failed += 1;
    failures.push('unit: vitest wrote no report');
  }
}

stage('build', process.execPath, ['scripts/build.mjs']);

// End-to-end specs (Playwright): Chromium against the production renderer, and the Electron project.
{
  const out = path.join(cache, 'playwright.json');
  rmSync(out, { force: true });
  // The build stage just built out/: the e2e global setup need not build again.
  const okRun = run('e2e', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out, HERON_E2E_SKIP_BUILD: '1' });
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const s = report.stats;
    totals.passed += s.expected + s.flaky;
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
    const walk = (suite, trail) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          const name = `${test.projectName}: ${[...trail, spec.title].filter(Boolean).join(' › ')}`;
          if (test.status === 'skipped') {
            const why = (test.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
            skippedReasons.push(`e2e ${name} (skipped: ${why})`);
          }
          if (test.status === 'unexpected') failures.push(`e2e ${name}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
    };
    for (const suite of report.suites ?? []) walk(suite, []);
    if (report.errors?.length) {
      totals.failed += report.errors.length;
      failures.push(...report.errors.map((e) => `e2e: ${String(e.message).split('\n')[0]}`));
    }
    if (!okRun && s.unexpected === 0 && !report.errors?.length) {
      totals.failed += 1;
      failures.push('e2e: playwright exited non-zero');
    }
  } else {
    totals.failed += 1;
    failures.push('e2e: playwright wrote no report');
  }
}

if (skippedReasons.length) {
  console.log(`\nSkipped (${skippedReasons.length}):`);
  for (const s of skippedReasons) console.log(`  - ${s}`);
}
if (failures.length) {
  console.log(`\nFailed (${failures.length}):`);
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
