/** bench:main-loop's table: one column per commit delay, the goal line, and each long gap explained. */
import { fmt } from './measure';
import type { MainLoopResult } from './main-loop';
import { GOAL_MS, NOTE_MS } from './stall-detector';

export function printMainLoop(results: readonly MainLoopResult[]): void {
  const ms = (n: number, d = 1) => `${fmt(n, d)} ms`;
  const cols: Array<[string, (r: MainLoopResult) => string]> = [
    ['commit delay per batch', (r) => ms(r.commitDelayMs, 0)],
    ['wall time', (r) => `${fmt(r.wallMs / 1000, 2)} s`],
    ['messages/s', (r) => fmt(r.msgsPerSec)],
    ['batches', (r) => fmt(r.batches)],
    ['loop delay max (histogram)', (r) => ms(r.loopDelay.max)],
    ['loop delay p99 / p50 / mean', (r) => `${fmt(r.loopDelay.p99, 1)} / ${fmt(r.loopDelay.p50, 1)} / ${fmt(r.loopDelay.mean, 1)} ms`],
    ['longest tick gap (setTimeout 0)', (r) => ms(r.tickGap.max)],
    [`tick gaps > ${GOAL_MS} ms / ≥ ${NOTE_MS} ms`, (r) => `${r.tickGap.over50} / ${r.tickGap.overNote} of ${fmt(r.tickGap.ticks)}`],
    ['main thread CPU (schedstat)', (r) => (r.mainCpuMs === null ? 'n/a' : ms(r.mainCpuMs, 0))],
    [`most CPU main used in one gap ≥ ${NOTE_MS} ms`, (r) => (r.stalls.some((s) => s.onCpuMs !== null) ? ms(Math.max(...r.stalls.map((s) => s.onCpuMs ?? 0))) : r.stalls.length === 0 ? 'no such gap' : 'n/a')],
    ['main waiting for a CPU (run queue)', (r) => (r.mainRunQueueMs === null ? 'n/a' : ms(r.mainRunQueueMs, 0))],
    ['process CPU, all threads', (r) => ms(r.processCpuMs, 0)],
    ['GC on main: count / max / total', (r) => `${r.gc.count} / ${fmt(r.gc.maxMs, 1)} / ${fmt(r.gc.totalMs, 0)} ms`],
    ['worker message handled: max / total', (r) => `${fmt(r.handler.maxMs, 1)} / ${fmt(r.handler.totalMs, 0)} ms`],
    ['events and store messages serialized: max / total', (r) => `${fmt(r.ipc.serializeMaxMs, 1)} / ${fmt(r.ipc.serializeTotalMs, 0)} ms`],
    ['bytes to the renderer', (r) => `${fmt(r.ipc.eventBytes / 1024 / 1024, 1)} MiB in ${fmt(r.ipc.events)} messages`],
    ['messages from the store: max / total', (r) => `${fmt(r.ipc.callMaxMs, 1)} / ${fmt(r.ipc.callTotalMs, 0)} ms (${fmt(r.ipc.calls)})`],
    [`goal: main never stalls > ${GOAL_MS} ms`, (r) => (Math.max(r.loopDelay.max, r.tickGap.max) <= GOAL_MS ? 'met' : 'NOT met')],
  ];
  const w = 40;
  const cw = 32;
  console.log(`  ${''.padEnd(w)}${results.map((r) => `${r.commitDelayMs === 0 ? 'stress' : 'realistic'}${r.profiled ? ', profiled' : ''}`.padStart(cw)).join('')}`);
  for (const [name, get] of cols) console.log(`  ${name.padEnd(w)}${results.map((r) => get(r).padStart(cw)).join('')}`);
  for (const r of results) {
    const kinds = Object.entries(r.gc.byKind).map(([k, g]) => `${k} ${g.count} (longest ${fmt(g.maxMs, 1)} ms)`);
    console.log(`  GC on main with ${r.commitDelayMs} ms commits: ${kinds.length > 0 ? kinds.join(', ') : 'none'} — pauses are wall time, preemption included`);
  }
  for (const r of results) {
    if (r.stalls.length === 0) continue;
    console.log(`\n  Gaps ≥ ${NOTE_MS} ms with ${r.commitDelayMs} ms commits, longest first (overlap with main's own work; CPU figures ±4 ms, a scheduler tick):`);
    for (const s of r.stalls) {
      const cpu = s.onCpuMs === null ? '' : `, main on CPU ${fmt(s.onCpuMs, 1)}, waiting for a CPU ${fmt(s.runQueueMs ?? 0, 1)}`;
      console.log(`    ${fmt(s.gapMs, 1)} ms at +${fmt(s.atMs / 1000, 2)} s: GC ${fmt(s.gcMs, 1)}, worker-message handler ${fmt(s.handlerMs, 1)}, renderer calls ${fmt(s.callMs, 1)}${cpu} ms`);
      if (s.top && s.top.length > 0) console.log(`      profile: ${s.top.map((t) => `${t.name} ${fmt(t.ms, 1)} ms`).join('; ')}`);
    }
  }
}
