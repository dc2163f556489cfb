import { describe, expect, it } from 'vitest';
import type { DiscoveryProgress } from '../../../shared/ipc/calls/setup';
import { HeronError } from '../../../shared/ipc/result';
import { createSetupHandlers } from './setup';

const unused = () => {
  throw new Error('the network must not be used for a bundled provider');
};

describe('setup handlers', () => {
  it('discoverSettings answers and pushes discoveryProgress events', async () => {
    const events: Array<{ name: string; payload: DiscoveryProgress }> = [];
    const handlers = createSetupHandlers(
      { discover: { createResolver: unused, fetchText: unused, probeIncoming: unused, probeOutgoing: unused } },
      ((name: string, payload: DiscoveryProgress) => events.push({ name, payload })) as never,
    );
    const result = await handlers.discoverSettings({ email: 'x@web.de' });
    expect(result).toMatchObject({ incoming: { host: 'pop3.web.de', port: 995, security: 'tls' }, provider: 'WEB.DE', incomingSource: 'bundled' });
    expect(events).toEqual([
      {
        name: 'discoveryProgress',
        payload: { email: 'x@web.de', source: 'bundled', target: 'web.de', status: 'found', detail: "web.de is WEB.DE, from Heron's list of providers." },
      },
    ]);
  });

  it('refuses a malformed address with EINVALID naming the field', async () => {
    const handlers = createSetupHandlers({});
    const error = await handlers.discoverSettings({ email: 'nobody' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeronError);
    expect((error as HeronError).toJSON()).toEqual({
      code: 'EINVALID',
      message: 'The email address "nobody" has no "@"; it should look like name@example.com.',
      retryable: false,
      detail: { field: 'email' },
    });
  });
});
