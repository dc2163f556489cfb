/**
 * Where the time went: a V8 CPU profile (from node:inspector or CDP) reduced to self time per
 * function and per source file, so a bench can print the top entries instead of a flame graph.
 */
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Milliseconds of samples not idle, not "(program)" and not GC. */
  readonly busyMs: number;
  readonly gcMs: number;
  readonly byFunction: ReadonlyArray<{ name: string; ms: number }>;
  readonly byFile: ReadonlyArray<{ name: string; ms: number }>;
}

/** Groups a URL the way a reader thinks of it: the package, or the file under the repo. */
function fileLabel(url: string): string {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  return path.basename(url.replace(/[?#].*$/, ''));
}

export function summarizeProfile(profile: CpuProfile, top = Number(process.env.HERON_PROFILE_TOP ?? 12)): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const id = samples[i] as number;
    // Each delta is the time before the sample; attribute the next delta to this sample.
    const us = deltas[i + 1] ?? deltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  let program = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idle += us;
    else if (functionName === '(garbage collector)') gc += us;
    else if (functionName === '(program)') program += us;
    else {
      const label = `${functionName || '(anonymous)'} ${fileLabel(url)}${url ? `:${lineNumber + 1}` : ''}`;
      fn.set(label, (fn.get(label) ?? 0) + us);
      const f = fileLabel(url);
      file.set(f, (file.get(f) ?? 0) + us);
    }
  }
  const totalUs = profile.endTime - profile.startTime;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: totalUs / 1000, busyMs: (totalUs - idle - program - gc) / 1000, gcMs: gc / 1000, byFunction: rank(fn), byFile: rank(file) };
}

export function printProfile(title: string, s: ProfileSummary): void {
  const pct = (ms: number) => `${((100 * ms) / Math.max(1, s.totalMs)).toFixed(1)}%`;
  console.log(`\n  ${title}: ${(s.totalMs / 1000).toFixed(2)} s profiled, JS busy ${pct(s.busyMs)}, GC ${pct(s.gcMs)}`);
  console.log('    self time by file/package:');
  for (const e of s.byFile) console.log(`      ${pct(e.ms).padStart(6)}  ${e.name}`);
  console.log('    self time by function:');
  for (const e of s.byFunction) console.log(`      ${pct(e.ms).padStart(6)}  ${e.name}`);
}

/** Where the profile's samples inside [startMs, endMs] (performance.now() clock) went. */
export function profileWindow(profile: CpuProfile, startMs: number, endMs: number, hrOffsetMs: number): Array<{ name: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let us = profile.startTime;
  for (let i = 0; i < samples.length; i += 1) {
    us += deltas[i] ?? 0;
    const at = us / 1000 - hrOffsetMs;
    if (at < startMs || at > endMs) continue;
    const node = byId.get(samples[i] as number);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const label = `${functionName || '(anonymous)'}${url ? ` ${path.basename(url)}:${lineNumber + 1}` : ''}`;
    self.set(label, (self.get(label) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, ms]) => ({ name, ms }));
}
