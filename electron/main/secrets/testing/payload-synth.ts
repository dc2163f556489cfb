/**
 * Builds a payload that passes a contract schema without knowing the schema's shape: parse, read
 * the SchemaError (which field, which rule), repair that field, repeat. Schemas carry no shape to
 * introspect, but their errors are precise, so every call added to the contract later gets a
 * valid-looking payload for free. Test-only.
 *
 * Strings are chosen by field name so nothing reaches beyond this machine: host names are
 * 127.0.0.1, addresses and URLs use the reserved `.invalid` domain (RFC 2606), ports become 1
 * (the lowest allowed; nothing listens there, so a connection is refused at once).
 */
import { SchemaError, type Schema } from '../../../../shared/ipc/validate';

type Segment = string | number;

export interface Synthesized {
  readonly value: unknown;
  /** True if the schema accepted `value`; false if the repairs ran out (value is the last try). */
  readonly valid: boolean;
}

export interface SynthOptions {
  /** The id every `…Id` / `id` field gets, so calls address the account the test prepared. */
  readonly accountId: string;
  /** A folder a path-like field may point into. */
  readonly scratchDir: string;
}

const MAX_STEPS = 400;
const MAX_TRIES_PER_FIELD = 24;

export function synthesizePayload(schema: Schema<unknown>, options: SynthOptions): Synthesized {
  let value: unknown = undefined;
  const tries = new Map<string, number>();
  for (let step = 0; step < MAX_STEPS; step += 1) {
    let error: SchemaError;
    try {
      schema.parse(value, '');
      return { value, valid: true };
    } catch (e) {
      if (!(e instanceof SchemaError)) return { value, valid: false };
      error = e;
    }
    const attempt = tries.get(error.path) ?? 0;
    if (attempt >= MAX_TRIES_PER_FIELD) return { value, valid: false };
    tries.set(error.path, attempt + 1);
    const segments = parsePath(error.path);
    const rule = error.message.slice(`${error.path || 'value'}: `.length);
    const current = getAt(value, segments);
    const fixed = repair(rule, current, fieldName(segments), attempt, options);
    if (fixed === GIVE_UP) return { value, valid: false };
    value = fixed === REMOVE ? removeAt(value, segments) : setAt(value, segments, fixed);
  }
  return { value, valid: false };
}

const GIVE_UP = Symbol('give up');
const REMOVE = Symbol('remove');

function repair(rule: string, current: unknown, name: string, attempt: number, options: SynthOptions): unknown {
  let m: RegExpExecArray | null;
  if (rule === 'is not expected') return REMOVE;
  if (rule === 'must be empty') return undefined;
  if (rule === 'must be an object') return {};
  if (rule === 'must be a list') return [];
  if (rule === 'must be a number') return 1;
  if (rule === 'must be true or false') return false;
  if (rule === 'must be bytes') return Uint8Array.of(0x68, 0x69);
  if (rule === 'must be a whole number') return Math.round(Number(current));
  if ((m = /^must be at least (\d+) characters$/.exec(rule)) && typeof current === 'string') {
    return current + 'x'.repeat(Number(m[1]) - current.length);
  }
  if ((m = /^must be at most (\d+) characters$/.exec(rule)) && typeof current === 'string') return current.slice(0, Number(m[1]));
  if ((m = /^must be at (?:least|most) (-?\d+(?:\.\d+)?)$/.exec(rule))) return Number(m[1]);
  if (/^must be at most \d+ bytes$/.test(rule)) return new Uint8Array(0);
  if ((m = /^must have at most (\d+) items$/.exec(rule)) && Array.isArray(current)) return current.slice(0, Number(m[1]));
  if ((m = /^must be one of (.*)$/.exec(rule))) {
    const first = (m[1] ?? '').split(', ')[0] ?? '';
    // A literal's type is not in the message: try the text, then what the text reads as.
    if (attempt === 0) return first;
    if (first === 'true' || first === 'false') return first === 'true';
    return /^-?\d+(?:\.\d+)?$/.test(first) ? Number(first) : GIVE_UP;
  }
  // 'must be text', 'has the wrong form', 'must not be empty', line breaks, NUL, or a rule this
  // helper has not met: the next candidate string for this field.
  const candidates = stringCandidates(name, options);
  return candidates[attempt] ?? GIVE_UP;
}

function stringCandidates(name: string, options: SynthOptions): string[] {
  const general = [options.accountId, 'Hello', 'alice@example.invalid', '127.0.0.1', 'https://example.invalid/', 'AB:CD', 'x'];
  const specific: string[] = [];
  if (/id$/i.test(name)) specific.push(options.accountId);
  if (/host|server|domain/i.test(name)) specific.push('127.0.0.1');
  if (/mail|address|from|^to$|cc|recipient|sender/i.test(name)) specific.push('alice@example.invalid');
  if (/url|link|href/i.test(name)) specific.push('https://example.invalid/');
  if (/user/i.test(name)) specific.push('alice');
  if (/cert|fingerprint/i.test(name)) specific.push('AB:CD');
  if (/path|dir|file/i.test(name)) specific.push(`${options.scratchDir}/file.txt`);
  return [...specific, ...general.filter((s) => !specific.includes(s))];
}

export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return out;
}

function fieldName(segments: Segment[]): string {
  for (let i = segments.length - 1; i >= 0; i -= 1) if (typeof segments[i] === 'string') return segments[i] as string;
  return '';
}

function getAt(root: unknown, segments: Segment[]): unknown {
  let node = root;
  for (const s of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}

function setAt(root: unknown, segments: Segment[], leaf: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return leaf;
  const base = typeof root === 'object' && root !== null ? root : typeof head === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...(base as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, leaf);
  return copy;
}

function removeAt(root: unknown, segments: Segment[]): unknown {
  const [head, ...rest] = segments;
  if (head === undefined || typeof root !== 'object' || root === null) return undefined;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length === 0) delete copy[head];
  else copy[head] = removeAt(copy[head], rest);
  return copy;
}

/** Every string leaf of `value` replaced by `make(leaf)`; bytes and other leaves kept. */
export function mapStrings(value: unknown, make: (leaf: string) => string): unknown {
  if (typeof value === 'string') return make(value);
  if (Array.isArray(value)) return value.map((x) => mapStrings(x, make));
  if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, mapStrings(x, make)]));
}
