/**
 * Reads a test run's JSON report (vitest's `--reporter=json`, Playwright's `--reporter=json`) into
 * the names of the tests that failed. A run whose files did not even load counts as not run: a
 * mutation that breaks the build is not a bug the tests caught.
 */

export type RunOutcome =
  | { readonly ran: true; readonly passed: number; readonly failed: readonly string[] }
  | { readonly ran: false; readonly why: string };

interface VitestReport {
  readonly testResults?: ReadonlyArray<{
    readonly name?: string;
    readonly message?: string;
    readonly assertionResults?: ReadonlyArray<{ readonly ancestorTitles?: readonly string[]; readonly title?: string; readonly status?: string }>;
  }>;
}

interface PlaywrightSuite {
  readonly title?: string;
  readonly specs?: ReadonlyArray<{ readonly title?: string; readonly ok?: boolean; readonly tests?: ReadonlyArray<{ readonly status?: string }> }>;
  readonly suites?: readonly PlaywrightSuite[];
}

interface PlaywrightReport {
  readonly suites?: readonly PlaywrightSuite[];
  readonly errors?: ReadonlyArray<{ readonly message?: string }>;
}

/** The last lines of a run's output, to say why it did not run. */
function tail(log: string): string {
  return log.trim().split('\n').slice(-12).join('\n');
}

export function failedTests(runner: 'vitest' | 'playwright', json: string | null, exitCode: number | null, log: string): RunOutcome {
  if (json === null) return { ran: false, why: `no report (exit ${exitCode}):\n${tail(log)}` };
  let report: unknown;
  try {
    report = JSON.parse(json);
  } catch {
    return { ran: false, why: `an unreadable report (exit ${exitCode}):\n${tail(log)}` };
  }
  return runner === 'vitest' ? fromVitest(report as VitestReport, log) : fromPlaywright(report as PlaywrightReport, log);
}

function fromVitest(report: VitestReport, log: string): RunOutcome {
  const failed: string[] = [];
  let passed = 0;
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    // A file that failed without running a test did not load (a syntax error, a missing export).
    if (tests.length === 0 && file.message) return { ran: false, why: `${file.name ?? 'a test file'} did not load: ${file.message.split('\n')[0]}\n${tail(log)}` };
    for (const t of tests) {
      const name = [...(t.ancestorTitles ?? []), t.title ?? ''].join(' > ');
      if (t.status === 'failed') failed.push(name);
      else if (t.status === 'passed') passed += 1;
    }
  }
  if (failed.length === 0 && passed === 0) return { ran: false, why: `no test ran:\n${tail(log)}` };
  return { ran: true, passed, failed };
}

function fromPlaywright(report: PlaywrightReport, log: string): RunOutcome {
  const errors = (report.errors ?? []).map((e) => e.message ?? '').filter((m) => m !== '');
  if (errors.length > 0) return { ran: false, why: `${errors[0]?.split('\n')[0]}\n${tail(log)}` };
  const failed: string[] = [];
  let passed = 0;
  const walk = (suite: PlaywrightSuite, titles: readonly string[]) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      const statuses = (spec.tests ?? []).map((t) => t.status);
      if (statuses.length > 0 && statuses.every((s) => s === 'skipped')) continue;
      if (spec.ok === false) failed.push([...here, spec.title ?? ''].join(' > '));
      else passed += 1;
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  if (failed.length === 0 && passed === 0) return { ran: false, why: `no test ran:\n${tail(log)}` };
  return { ran: true, passed, failed };
}
