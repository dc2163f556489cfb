/**
 * Rows as plain data for a backup's store.json, and back: what JSON cannot carry — a Map (the
 * junk filter's word counts), a Blob (a draft's attachment), bytes — becomes a tagged object.
 * A plain object that happens to hold the tag key is wrapped too, so decoding never mistakes it.
 */
const TAG = '$heron';

type Tagged =
  | { readonly [TAG]: 'map'; readonly entries: unknown[] }
  | { readonly [TAG]: 'blob'; readonly type: string; readonly base64: string }
  | { readonly [TAG]: 'bytes'; readonly base64: string }
  | { readonly [TAG]: 'object'; readonly value: Record<string, unknown> };

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export async function encodeRow(value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map(encodeRow));
  if (value instanceof Map) return { [TAG]: 'map', entries: await Promise.all([...value].map(encodeRow)) } satisfies Tagged;
  if (value instanceof Blob) return { [TAG]: 'blob', type: value.type, base64: toBase64(new Uint8Array(await value.arrayBuffer())) } satisfies Tagged;
  if (value instanceof ArrayBuffer) return { [TAG]: 'bytes', base64: toBase64(new Uint8Array(value)) } satisfies Tagged;
  if (ArrayBuffer.isView(value)) return { [TAG]: 'bytes', base64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) } satisfies Tagged;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = await encodeRow(v);
  return TAG in out ? ({ [TAG]: 'object', value: out } satisfies Tagged) : out;
}

/** Bytes come back as an ArrayBuffer, as the store keeps them (a raw chunk, a draft). */
export function decodeRow(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeRow);
  const record = value as Record<string, unknown>;
  if (TAG in record) {
    const tagged = record as Tagged;
    switch (tagged[TAG]) {
      case 'map':
        return new Map(tagged.entries.map(decodeRow) as Array<[unknown, unknown]>);
      case 'blob':
        return new Blob([fromBase64(tagged.base64)], { type: tagged.type });
      case 'bytes':
        return fromBase64(tagged.base64).buffer;
      case 'object':
        return Object.fromEntries(Object.entries(tagged.value).map(([k, v]) => [k, decodeRow(v)]));
    }
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeRow(v)]));
}
