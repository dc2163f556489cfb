/**
 * `npm run test:mutations`: proves the proofs. For each deliberate bug in mutations.ts it applies
 * the bug to a throwaway copy of the source, runs only the named test files there, and checks that
 * the named tests fail; then it prints
 *
 *   mutation | expected failing test | caught / NOT CAUGHT
 *
 * and exits non-zero if any bug went unnoticed. The working tree is never written: the copy is
 * taken from it (uncommitted changes included) into a temp dir and removed at the end, on Ctrl+C
 * too. First the same test files run unmutated, so a row cannot pass on a test that fails anyway.
 *
 *   npm run test:mutations                     every row
 *   npm run test:mutations -- --only keep      rows whose name or promise contains "keep"
 *   npm run test:mutations -- --list           the rows, without running anything
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS, type Mutation } from './mutations';
import { failedTests, type RunOutcome } from './outcome';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One test run may take this long before it counts as a failure to run (not a catch). */
const RUN_DEADLINE_MS = 10 * 60_000;

let workspace: string | null = null;
let child: ChildProcess | null = null;

function cleanUp(): void {
  if (child?.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // its whole process group: vitest's forks, Playwright's browser
    } catch {
      // already gone
    }
  }
  if (workspace !== null) rmSync(workspace, { recursive: true, force: true });
  workspace = null;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}
process.on('exit', cleanUp);

/** The files git would show (tracked and untracked, not ignored), as they are now, with node_modules linked. */
async function copyWorkingTree(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heron-mutations-'));
  workspace = dir;
  const listed = await capture('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
  const files = listed.split('\0').filter((f) => f !== '' && existsSync(path.join(ROOT, f)));
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await copyFile(path.join(ROOT, file), path.join(dir, file));
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function capture(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** Runs the row's test files in the copy; answers which tests failed (or why nothing ran). */
async function runTests(dir: string, m: Mutation): Promise<RunOutcome> {
  const report = path.join(dir, `.mutation-report-${Date.now()}.json`);
  const playwright = m.runner === 'playwright';
  const args = playwright
    ? ['playwright', 'test', ...m.tests, '--project=chromium', '--reporter=json', ...(m.grep ? ['--grep', m.grep] : [])]
    : ['vitest', 'run', ...m.tests, '--reporter=json', `--outputFile=${report}`, ...(m.grep ? ['-t', m.grep] : [])];
  // Playwright's global setup builds the copy's out/ (ignored by git, so not copied): a bug in the
  // renderer or main must be in the build the browser loads.
  const env = { ...process.env, HERON_E2E_SKIP_BUILD: playwright ? '0' : '1', PLAYWRIGHT_JSON_OUTPUT_NAME: report, FORCE_COLOR: '0' };
  const log: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    child = spawn('npx', args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      log.push(c.toString('utf8'));
      if (log.length > 400) log.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      log.push(`\n(stopped after ${RUN_DEADLINE_MS / 1000} s)`);
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, RUN_DEADLINE_MS);
    child.on('error', (error) => {
      log.push(String(error));
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
  child = null;
  const json = existsSync(report) ? readFileSync(report, 'utf8') : null;
  rmSync(report, { force: true });
  return failedTests(playwright ? 'playwright' : 'vitest', json, code, log.join(''));
}

function mutate(source: string, m: Mutation): string {
  const at = source.indexOf(m.search);
  if (at < 0) throw new Error(`the search text is not in ${m.file} (the code moved: update the row)`);
  if (source.indexOf(m.search, at + 1) >= 0) throw new Error(`the search text occurs more than once in ${m.file}: make it unique`);
  return source.slice(0, at) + m.replace + source.slice(at + m.search.length);
}

interface Row {
  readonly m: Mutation;
  readonly verdict: 'caught' | 'NOT CAUGHT' | 'BROKEN';
  readonly note: string;
  readonly seconds: number;
}

function table(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.m.name, r.m.expect.join('; '), r.note ? `${r.verdict} (${r.note})` : r.verdict]);
  const head = ['mutation', 'expected failing test', 'result'];
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.map(esc).join(' | ')} |`)].join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '') : '';
  const rows = MUTATIONS.filter((m) => only === '' || `${m.promise} ${m.name}`.toLowerCase().includes(only.toLowerCase()));
  if (argv.includes('--list')) {
    for (const m of rows) console.log(`${m.name}\n  ${m.file}\n  tests: ${m.tests.join(', ')}\n  must fail: ${m.expect.join('; ')}`);
    return 0;
  }
  if (rows.length === 0) {
    console.error(`No mutation matches "${only}".`);
    return 2;
  }

  const dir = await copyWorkingTree();
  console.log(`Mutation check: ${rows.length} deliberate bugs, applied to a copy of the source in ${dir}.\n`);

  // The same test files, unmutated: each must pass, or the row would prove nothing.
  const baselines = new Map<string, RunOutcome>();
  for (const m of rows) {
    const key = JSON.stringify([m.runner ?? 'vitest', m.tests, m.grep ?? '']);
    if (baselines.has(key)) continue;
    process.stdout.write(`baseline  ${m.tests.join(' ')}${m.grep ? ` --grep "${m.grep}"` : ''} … `);
    const outcome = await runTests(dir, m);
    baselines.set(key, outcome);
    console.log(outcome.ran && outcome.failed.length === 0 ? `passed (${outcome.passed} tests)` : 'FAILED');
    if (!outcome.ran || outcome.failed.length > 0) {
      console.error(`\nThe unmutated tests do not pass, so no mutation can be judged:\n${outcome.ran ? outcome.failed.join('\n') : outcome.why}`);
      return 1;
    }
  }

  const results: Row[] = [];
  for (const m of rows) {
    const started = Date.now();
    process.stdout.write(`mutation  ${m.name} … `);
    const target = path.join(dir, m.file);
    const original = await readFile(target, 'utf8');
    let row: Row;
    try {
      await writeFile(target, mutate(original, m));
      const outcome = await runTests(dir, m);
      const seconds = Math.round((Date.now() - started) / 1000);
      const failed = outcome.ran ? outcome.failed : [];
      const missed = m.expect.filter((name) => !failed.some((f) => f.includes(name)));
      if (!outcome.ran) row = { m, verdict: 'BROKEN', note: `the tests did not run: ${outcome.why}`, seconds };
      else if (missed.length > 0) row = { m, verdict: 'NOT CAUGHT', note: `still passing: ${missed.join('; ')}`, seconds };
      else row = { m, verdict: 'caught', note: `${failed.length} failed`, seconds };
    } catch (error) {
      row = { m, verdict: 'BROKEN', note: error instanceof Error ? error.message : String(error), seconds: 0 };
    } finally {
      await writeFile(target, original);
    }
    results.push(row);
    console.log(`${row.verdict} (${row.seconds} s)`);
  }

  console.log(`\n${table(results)}\n`);
  const bad = results.filter((r) => r.verdict !== 'caught');
  console.log(bad.length === 0 ? `All ${results.length} deliberate bugs were caught.` : `${bad.length} of ${results.length} deliberate bugs were not caught.`);
  return bad.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    cleanUp();
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    cleanUp();
    process.exit(1);
  },
);
