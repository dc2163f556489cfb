import { describe, expect, it } from 'vitest';
import { MAX_RENDERER_LOG_CHARS } from '../../../shared/ipc/calls/log';
import { createRendererLogger } from './logger';

function recorder(send?: (level: 'warn' | 'error', message: string) => void) {
  const sent: string[] = [];
  const shown: string[] = [];
  const show = (level: string) => (...args: unknown[]) => void shown.push(`${level} ${args.map(String).join(' ')}`);
  const log = createRendererLogger({
    send: send ?? ((level, message) => void sent.push(`${level} ${message}`)),
    console: { debug: show('debug'), info: show('info'), warn: show('warn'), error: show('error') },
  });
  return { log, sent, shown };
}

describe('the window\u2019s logger', () => {
  it('shows every line in the console and sends only warnings and errors to main', () => {
    const { log, sent, shown } = recorder();
    log.debug('detail');
    log.info('started');
    log.warn('Could not store the list order', { code: 'EQUOTA', message: 'The disk is full.' });
    log.error('Could not show the message', new TypeError('x is undefined'));
    expect(shown.map((l) => l.split(' ')[0])).toEqual(['debug', 'info', 'warn', 'error']);
    expect(sent[0]).toBe('warn Could not store the list order: EQUOTA: The disk is full.');
    expect(sent[1]).toMatch(/^error Could not show the message: TypeError: x is undefined/);
    expect(sent).toHaveLength(2);
  });

  it('sends one line within the size main accepts', () => {
    const { log, sent } = recorder();
    log.error(`first line\nsecond line ${'y'.repeat(3 * MAX_RENDERER_LOG_CHARS)}`);
    const message = (sent[0] as string).slice('error '.length);
    expect(message.length).toBeLessThanOrEqual(MAX_RENDERER_LOG_CHARS);
    expect(message).toMatch(/^first line ⏎ second line y+… \(\d+ characters\)$/);
  });

  it('never throws, even when main cannot be told', () => {
    const { log } = recorder(() => {
      throw new Error('no bridge');
    });
    expect(() => log.error('lost')).not.toThrow();
  });
});
