/**
 * Contract fragment: the window's warnings and errors, kept in main's log file (the window has no
 * file of its own). One narrow call; main caps its size and rate and masks secrets before writing.
 */
import { call } from '../define';
import { v } from '../validate';

/** The longest message main takes from the window; the renderer's logger shortens to fit. */
export const MAX_RENDERER_LOG_CHARS = 2000;

export const logCalls = {
  /** One warning or error of the window, for main's log file. */
  writeLog: call<void>()(
    v.object({
      level: v.literal('warn', 'error'),
      message: v.string({ min: 1, max: MAX_RENDERER_LOG_CHARS, multiline: true }),
    }),
  ),
} as const;

export const logEvents = {} as const;
