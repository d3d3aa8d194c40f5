import { createClient } from '../../src/index';
import type { RtmClient } from '../../src/client';
import { FakeClock, FakeTransport, settle } from './fakes';

export const APP = '0123456789abcdef0123456789abcdef';

export interface Harness {
  client: RtmClient;
  clock: FakeClock;
  transport: FakeTransport;
  states: string[];
}

/** A client on a fake transport and clock; random() fixed so backoff delays are predictable. */
export function harness(endpoints = ['ws://a/rtm', 'ws://b/rtm']): Harness {
  const clock = new FakeClock();
  const transport = new FakeTransport();
  const client = createClient(APP, { endpoints, logFilter: { error: false, warn: false, info: false, track: false,
    debug: false } }, undefined, { clock, transport, random: () => 0.5 });
  const states: string[] = [];
  client.on('ConnectionStateChanged', (s, r) => states.push(`${s}/${r}`));
  return { client, clock, transport, states };
}

/** Logs in as `uid`, answering the login on the first socket. */
export async function loggedIn(h: Harness, uid = 'alice'): Promise<void> {
  const done = h.client.login({ uid });
  await settle();
  h.transport.last.open();
  await settle();
  h.transport.last.acceptLogin();
  await done;
}
