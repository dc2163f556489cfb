/**
 * Contract fragment: attachments picked from disk. Main shows the open dialog and keeps the
 * chosen paths to itself (the renderer never names a path, so it cannot read arbitrary files);
 * the renderer gets opaque tokens and pulls each file in chunks of at most 1 MiB into a Blob it
 * stores with the draft (STYLE.md §7: a file never crosses IPC in one piece).
 */
import { call } from '../define';
import { v } from '../validate';

export const MAX_CHUNK_BYTES = 1024 * 1024;
/** The engine refuses bigger attachments (shared/ipc/calls/send.ts). */
export const MAX_PICKED_FILE_BYTES = 64 * 1024 * 1024;
export const ATTACHMENT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const tokenSchema = v.string({ min: 16, max: 64, pattern: ATTACHMENT_TOKEN_PATTERN });

export interface PickedAttachment {
  /** Opaque, valid for this run of Heron until released. */
  readonly token: string;
  /** The base name only, never the folder. */
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
}

export const attachmentsCalls = {
  /** Opens the system file dialog; an empty list when the person cancels. */
  pickAttachments: call<readonly PickedAttachment[]>()(v.none()),
  /**
   * Up to `length` bytes from `offset`; fewer only at the end of the file. EINVALID when the file
   * changed size since it was picked (the draft would not hold what the person chose).
   */
  readAttachmentChunk: call<Uint8Array>()(
    v.object({
      token: tokenSchema,
      offset: v.number({ integer: true, min: 0, max: MAX_PICKED_FILE_BYTES }),
      length: v.number({ integer: true, min: 1, max: MAX_CHUNK_BYTES }),
    }),
  ),
  /** Forgets a token once its file is read (or the person removed it). */
  releaseAttachment: call<void>()(v.object({ token: tokenSchema })),
} as const;

export const attachmentsEvents = {} as const;
