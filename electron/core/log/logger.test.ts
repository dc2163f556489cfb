import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { createLogger, MAX_LOG_ENTRY, type LogLevel } from './logger';
import { createScrubber } from './scrub';

const AT = Date.UTC(2026, 2, 12, 15, 30);

function recorder(level?: LogLevel, redact?: (text: string) => string) {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line), now: () => AT, ...(level ? { level } : {}), ...(redact ? { redact } : {}) });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes a time, the level and the scope; drops what is below its level', () => {
    const { lines, logger } = recorder('info');
    logger.debug('not written');
    logger.info('started');
    logger.child('ipc').warn('refused a call');
    expect(lines).toEqual(['2026-03-12T15:30:00.000Z INFO  main: started', '2026-03-12T15:30:00.000Z WARN  ipc: refused a call']);
  });

  it('names an error by its code and words, and where it was thrown', () => {
    const { lines, logger } = recorder();
    logger.error('Could not save', new HeronError('EQUOTA', 'The disk is full.'));
    expect(lines[0]).toMatch(/^2026-03-12T15:30:00\.000Z ERROR main: Could not save: EQUOTA: The disk is full\. \(at .+\)$/);
    logger.warn('Refused', { code: 'EAUTH', message: 'Wrong password.', retryable: false });
    expect(lines[1]).toBe('2026-03-12T15:30:00.000Z WARN  main: Refused: EAUTH: Wrong password.');
  });

  it('masks a password in the message and in the error, in plain and base64', () => {
    const { lines, logger } = recorder('info', createScrubber(['hunter2-secret']));
    logger.error('Server said "-ERR bad password hunter2-secret"', new Error(`AUTH PLAIN ${Buffer.from('\0alice\0hunter2-secret').toString('base64')}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('hunter2-secret');
    expect(lines[0]).not.toContain(Buffer.from('hunter2-secret').toString('base64').slice(0, 12));
    expect(lines[0]).toContain('bad password ****');
  });

  it('keeps one entry on one line: line breaks and control characters are shown, not obeyed', () => {
    const { lines, logger } = recorder();
    logger.warn('first\n2026-03-12T15:30:00.000Z ERROR main: forged\r\nthird\u0007');
    expect(lines).toEqual(['2026-03-12T15:30:00.000Z WARN  main: first ⏎ 2026-03-12T15:30:00.000Z ERROR main: forged ⏎ third\uFFFD']);
  });

  it('cuts a long entry and says how long it was', () => {
    const { lines, logger } = recorder();
    logger.info('x'.repeat(MAX_LOG_ENTRY + 10));
    expect(lines[0]).toBe(`2026-03-12T15:30:00.000Z INFO  main: ${'x'.repeat(MAX_LOG_ENTRY)}… (${MAX_LOG_ENTRY + 10} characters)`);
  });
});
