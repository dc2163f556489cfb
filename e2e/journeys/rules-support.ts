/** Steps the rules journeys share. */
import type { Page } from '@playwright/test';

/** Opens the reader's rule log (it stays open from one message to the next). */
export async function showRuleLog(page: Page): Promise<void> {
  const details = page.locator('details.rule-log');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await page.getByText(/^Rule and junk log/).click();
}
