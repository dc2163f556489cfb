import { describe, expect, it } from 'vitest';
import type { FetchProgress } from '../../../../shared/ipc/calls/fetch';
import { IDLE, type AccountFetchStatus } from './fetch-status';
import { describeFetch } from './fetch-summary';

type Phase = FetchProgress['phase'];
const running = (phase: Phase, done = 0, total = 0, stored = 0, bytes: [number, number] = [0, 0]): AccountFetchStatus => ({
  ...IDLE,
  fetchId: 'f1',
  stored,
  progress: { phase, messagesDone: done, messagesTotal: total, bytesDone: bytes[0], bytesTotal: bytes[1] },
});
const finished = (lastNew: number, error: AccountFetchStatus['lastError'] = null): AccountFetchStatus => ({ ...IDLE, lastFinishedAt: 1, lastNew, lastError: error });

describe('the words of the fetch status area', () => {
  it('says where a check is before any message is stored, never "0 of N"', () => {
    expect(describeFetch([{ ...IDLE, fetchId: 'starting' }])).toEqual({ running: true, text: 'Connecting…', progress: null });
    expect(describeFetch([running('listing')]).text).toBe('Looking for new mail…');
    expect(describeFetch([running('downloading', 0, 0)]).text).toBe('Looking for new mail…');
    expect(describeFetch([running('downloading', 0, 30, 0, [0, 9000])])).toEqual({ running: true, text: 'Getting 30 messages…', progress: { value: 0, max: 9000 } });
    expect(describeFetch([running('downloading', 0, 1, 0)]).text).toBe('Getting 1 message…');
    expect(describeFetch([running('deleting', 3, 3)]).text).toBe('Deleting from the server…');
    expect(describeFetch([running('finishing', 3, 3)]).text).toBe('Finishing…');
  });

  it('counts up as batches are stored: what this window committed, or what main reported, whichever is further', () => {
    expect(describeFetch([running('downloading', 100, 300, 100, [100, 300])])).toEqual({ running: true, text: '100 of 300 messages', progress: { value: 100, max: 300 } });
    expect(describeFetch([running('downloading', 100, 300, 300)]).text).toBe('300 of 300 messages');
    expect(describeFetch([running('downloading', 2000, 10000, 1000)]).text).toBe('2,000 of 10,000 messages');
    // Several accounts (a unified folder): the sums; one still connecting adds nothing yet.
    expect(describeFetch([running('downloading', 100, 300, 100), running('downloading', 5, 5, 5), running('connecting')]).text).toBe('105 of 305 messages');
  });

  it('after the check, how many new messages arrived, or that none did', () => {
    expect(describeFetch([IDLE]).text).toBe('');
    expect(describeFetch([finished(3)])).toEqual({ running: false, text: '3 new messages', progress: null });
    expect(describeFetch([finished(1)]).text).toBe('1 new message');
    expect(describeFetch([finished(0)]).text).toBe('No new mail');
    expect(describeFetch([finished(2), finished(1200), IDLE]).text).toBe('1,202 new messages');
    expect(describeFetch([finished(0, { code: 'EABORTED', message: 'cancelled', retryable: false })]).text).toBe('Stopped');
    expect(describeFetch([finished(4), finished(0, { code: 'EAUTH', message: 'no', retryable: false })]).text).toBe('Could not get mail');
  });
});
