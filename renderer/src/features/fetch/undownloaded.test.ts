import { describe, expect, it } from 'vitest';
import { MAX_DOWNLOAD_ATTEMPTS, type FailureReason, type PopStateEntry, type PopStatus } from '../../../../shared/model/pop-state';
import { describeUndownloaded } from './undownloaded';

let n = 0;
function entry(reason: FailureReason, attempts = 1, status: PopStatus = 'failed', detail = '-ERR Message is corrupt'): PopStateEntry {
  n += 1;
  return { accountId: 'a', uidl: `u${n}`, localId: `l${n}`, downloadedAt: 1, status, size: 10, failure: { reason, attempts, at: 1, detail } };
}

describe('the words for messages that could not be downloaded', () => {
  it('one refused message: what is on the server, the server\'s words, and that Heron tries again', () => {
    expect(describeUndownloaded([entry('refused')])).toEqual({
      lines: [{ reason: 'refused', count: 1, text: '1 message could not be downloaded: the server refused it.', said: '-ERR Message is corrupt' }],
      next: 'Heron will try it again at the next check.',
      canRetry: true,
    });
  });

  it('several reasons, in a fixed order, counted; the server\'s words only when they agree', () => {
    const words = describeUndownloaded([entry('mismatch'), entry('refused', 1, 'failed', '-ERR a'), entry('refused', 1, 'failed', '-ERR b'), entry('too-big', 1, 'headers-only'), entry('lost')]);
    expect(words?.lines.map((l) => [l.text, l.said])).toEqual([
      ['2 messages could not be downloaded: the server refused them.', null],
      ['1 message could not be downloaded: what the server sent did not match what it said about it.', null],
      ['1 message could not be downloaded: the connection failed while downloading it.', null],
      ['1 message is larger than the server said: only its headers were downloaded. Open it to download the whole message.', null],
    ]);
    expect(words?.next).toBe('Heron will try them again at the next check.');
  });

  it(`after ${MAX_DOWNLOAD_ATTEMPTS} checks Heron says it stopped; "Try again" is offered unless only too-big ones are left`, () => {
    expect(describeUndownloaded([entry('temporary', MAX_DOWNLOAD_ATTEMPTS, 'failed', '-ERR [SYS/TEMP] busy')])).toMatchObject({
      lines: [{ text: '1 message could not be downloaded: the server had a temporary problem with it.', said: '-ERR [SYS/TEMP] busy' }],
      next: `Heron stopped trying after ${MAX_DOWNLOAD_ATTEMPTS} checks; it stays on the server.`,
      canRetry: true,
    });
    expect(describeUndownloaded([entry('refused', MAX_DOWNLOAD_ATTEMPTS), entry('refused', 1)])?.next).toBe(
      `Heron will try 1 of them again at the next check; it stopped trying the other 1 after ${MAX_DOWNLOAD_ATTEMPTS} checks.`,
    );
    expect(describeUndownloaded([entry('too-big')])).toMatchObject({ lines: [{ text: '1 message could not be downloaded: it is larger than the server said.' }], next: 'It stays on the server.', canRetry: false });
    expect(describeUndownloaded([entry('too-big', 1, 'headers-only')])).toMatchObject({ next: null, canRetry: false });
    expect(describeUndownloaded([])).toBeNull();
    expect(describeUndownloaded([], 2)).toEqual({
      lines: [{ reason: 'unidentified', count: 2, text: '2 messages could not be downloaded: the server gives them no id (POP3 UIDL), which leaving mail on the server needs to tell them from mail already here.', said: null }],
      next: 'They stay on the server.',
      canRetry: false,
    });
  });
});
