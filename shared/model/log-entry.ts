/**
 * One log entry as one line, for main's logger and the window's alike: an error as its code or
 * name, words and where it was thrown; line breaks and control characters shown, never obeyed (a
 * message cannot forge another entry); at most `max` characters.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Text from outside (a server's line, an error's words) with control characters shown, and at most `max` characters. */
export function capText(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length} characters)` : clean;
}

export function errorForLog(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const head = `${typeof code === 'string' ? code : error.name}: ${error.message}`;
    const frames = (error.stack ?? '')
      .split('\n')
      .slice(1, 6)
      .map((line) => line.trim())
      .filter((line) => line.startsWith('at '));
    return frames.length > 0 ? `${head} (${frames.join(' ← ')})` : head;
  }
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const e = error as { code?: unknown; message: string };
    return typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message;
  }
  return String(error);
}

/** The message, and the error if any, as the words of one entry (before redaction and capping). */
export function entryText(message: string, error?: unknown): string {
  return error === undefined ? message : `${message}: ${errorForLog(error)}`;
}

/** Text as one line of a log. */
export function oneLine(text: string, max: number): string {
  return capText(text.replace(/\r\n|\r|\n/g, ' ⏎ '), max);
}
