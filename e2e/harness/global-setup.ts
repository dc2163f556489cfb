import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './standin';

/**
 * The specs run against the production build, never a dev server. `npm test` has just built
 * everything and sets HERON_E2E_SKIP_BUILD; a bare `npx playwright test` builds here so it never
 * tests a stale bundle.
 */
export default function globalSetup(): void {
  if (process.env.HERON_E2E_SKIP_BUILD === '1') return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`The build failed (exit ${result.status ?? result.signal}); the e2e specs need out/.`);
}
