import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatCounts, runOutboxFaults } from './simulate';

describe('the Outbox under crashes, sleep and network loss at each SMTP step', () => {
  it('seeded run of 150 randomized sends: none lost, none sent twice, none before its time, all in Sent once', async () => {
    const counts = await runOutboxFaults({ sends: 150, seed: 21 });
    console.log(formatCounts(counts));
    expect({ lost: counts.lost, duplicates: counts.duplicates, early: counts.early, delivered: counts.delivered }).toEqual({ lost: 0, duplicates: 0, early: 0, delivered: 150 });
    // A window that crashed while main was on the wire learns each outcome from main: nothing to ask the person.
    expect(counts.uncertainAfterWindowCrashOnWire).toBe(0);
    // The run met what it claims to: every network fault, both crashes, both kinds of wake-up, and "may have been sent".
    expect(Object.keys(counts.networkFaults).length).toBeGreaterThanOrEqual(8);
    expect(counts.windowCrashes).toBeGreaterThan(0);
    expect(counts.appCrashes).toBeGreaterThan(0);
    expect(counts.sleepsWithWakeEvent).toBeGreaterThan(0);
    expect(counts.sleepsWithoutWakeEvent).toBeGreaterThan(0);
    expect(counts.mayHaveBeenSent).toBeGreaterThan(0);
    expect(counts.undos).toBeGreaterThan(0);
  }, 240_000);
});
