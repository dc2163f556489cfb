/**
 * Getting file bytes into a draft: picked files are pulled from main in chunks of at most 1 MiB
 * (never the whole file in one IPC message) and assembled into a Blob; dropped files are already
 * Blobs in the renderer.
 */
import { MAX_CHUNK_BYTES, MAX_PICKED_FILE_BYTES, type PickedAttachment } from '../../../../shared/ipc/calls/attachments';
import { HeronError, type Result } from '../../../../shared/ipc/result';
import type { DraftAttachmentRow } from '../../data/rows';
import { newId } from './session';

export interface ChunkSource {
  readAttachmentChunk(input: { token: string; offset: number; length: number }): Promise<Result<Uint8Array>>;
  releaseAttachment(input: { token: string }): Promise<Result<void>>;
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new HeronError(r.error.code, r.error.message, { retryable: r.error.retryable });
  return r.value;
}

export async function readPicked(source: ChunkSource, picked: PickedAttachment, onProgress?: (bytes: number) => void): Promise<DraftAttachmentRow> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  try {
    // Bounded by the file's size: each round advances by at least one byte or fails.
    while (offset < picked.size) {
      const chunk = unwrap(await source.readAttachmentChunk({ token: picked.token, offset, length: Math.min(MAX_CHUNK_BYTES, picked.size - offset) }));
      if (chunk.byteLength === 0) throw new HeronError('EINVALID', `“${picked.filename}” ended early; attach it again.`);
      parts.push(chunk as Uint8Array<ArrayBuffer>);
      offset += chunk.byteLength;
      onProgress?.(offset);
    }
  } finally {
    await source.releaseAttachment({ token: picked.token });
  }
  const blob = new Blob(parts, { type: picked.contentType });
  return { id: newId('a'), filename: picked.filename, contentType: picked.contentType, size: blob.size, blob };
}

const TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,127}\/[A-Za-z0-9!#$&^_.+-]{1,127}$/;

/** A dropped File as a draft attachment (refused over the engine's size limit). */
export function fromDroppedFile(file: File): DraftAttachmentRow {
  if (file.size > MAX_PICKED_FILE_BYTES) {
    throw new HeronError('ETOOBIG', `“${file.name}” is ${Math.ceil(file.size / 1048576)} MB; Heron attaches files of up to ${MAX_PICKED_FILE_BYTES / 1048576} MB.`);
  }
  const name = file.name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'attachment';
  return { id: newId('a'), filename: name, contentType: TYPE.test(file.type) ? file.type : 'application/octet-stream', size: file.size, blob: file };
}

/** Base64 makes attachments about a third bigger on the wire (RFC 2045 §6.8). */
export function estimatedMessageSize(textLength: number, attachmentBytes: number): number {
  return Math.ceil(attachmentBytes * 4 / 3 * 1.014) + textLength * 2 + 2048;
}
