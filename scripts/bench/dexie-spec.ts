/**
 * The renderer's IndexedDB schema as bench:idb-floor needs it: schema.ts's Dexie store specs read
 * at run time and turned into plain IndexedDB store and index definitions.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './measure';

/** What this reads of renderer/src/data (schema.ts SCHEMA, sort-keys.ts sortKeys). */
export interface RendererData {
  readonly SCHEMA: readonly { readonly version: number; readonly stores: Readonly<Record<string, string | null>> }[];
  readonly sortKeys: (row: { readonly from?: { readonly name: string; readonly address: string } | null; readonly subject?: string }) => {
    sortFrom: string;
    sortSubject: string;
  };
}

/**
 * The renderer's schema and sort keys themselves, so the layout follows schema.ts as it changes.
 * Imported by path at run time (tsx compiles them): scripts/ is a separate TypeScript project that
 * may not include renderer files.
 */
export async function rendererData(): Promise<RendererData> {
  const at = (file: string) => pathToFileURL(path.join(root, 'renderer/src/data', file)).href;
  const [schema, keys] = (await Promise.all([import(at('schema.ts')), import(at('sort-keys.ts'))])) as [Pick<RendererData, 'SCHEMA'>, Pick<RendererData, 'sortKeys'>];
  if (!Array.isArray(schema.SCHEMA) || typeof keys.sortKeys !== 'function') throw new Error('renderer/src/data no longer exports SCHEMA and sortKeys: update idb-floor.ts');
  return { SCHEMA: schema.SCHEMA, sortKeys: keys.sortKeys };
}

export interface IndexSpec {
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
}
export interface StoreSpec {
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly IndexSpec[];
}
export type Stores = Record<string, StoreSpec>;

/** One entry of a Dexie store spec, as Dexie reads it: '++' auto-increment, '&' unique, '*' multi-entry, '[a+b]' compound. */
function parseEntry(entry: string): IndexSpec & { autoIncrement: boolean } {
  const name = entry.replace(/^(\+\+|&|\*)/, '');
  const keyPath = name.startsWith('[') ? name.slice(1, -1).split('+') : name;
  return { name, keyPath, unique: entry.startsWith('&'), multiEntry: entry.startsWith('*'), autoIncrement: entry.startsWith('++') };
}

export function parseStoreSpec(spec: string): StoreSpec {
  const [primary = '', ...rest] = spec.split(',').map((s) => s.trim());
  const pk = parseEntry(primary);
  return {
    keyPath: pk.name === '' ? null : pk.keyPath,
    autoIncrement: pk.autoIncrement,
    indexes: rest.filter((s) => s !== '').map((s) => {
      const { name, keyPath, unique, multiEntry } = parseEntry(s);
      return { name, keyPath, unique, multiEntry };
    }),
  };
}

/** The stores of the current schema version: each version's spec replaces the last, null drops a store. */
export function currentStores(SCHEMA: RendererData['SCHEMA']): Stores {
  const specs = new Map<string, string>();
  for (const step of SCHEMA) {
    for (const [name, spec] of Object.entries(step.stores)) {
      if (spec === null) specs.delete(name);
      else specs.set(name, spec);
    }
  }
  return Object.fromEntries([...specs].map(([name, spec]) => [name, parseStoreSpec(spec)]));
}

