// The TCP examples run as the README says: the echo server and the chat server, each
// started on 127.0.0.1:0 and driven from Node. (examples-http.test.ts: the HTTP ones.)

import { test } from 'node:test';
import * as net from 'node:net';
import { startExample } from './servers.js';

/** A line-oriented TCP client: `expect(re)` waits (bounded) until the received text matches. */
function lineClient(port: number): Promise<{ send(s: string): void; expect(re: RegExp): Promise<string>; close(): void }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const waiters: (() => void)[] = [];
    s.on('data', d => { got += d.toString(); for (const w of waiters.splice(0)) w(); });
    s.on('error', reject);
    s.on('connect', () => resolve({
      send: (text: string) => { s.write(text); },
      expect: (re: RegExp) => new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`timed out waiting for ${re}; got ${JSON.stringify(got)}`)), 20_000);
        const check = (): void => {
          if (re.test(got)) { clearTimeout(timer); ok(got); } else waiters.push(check);
        };
        check();
      }),
      close: () => s.destroy(),
    }));
  });
}

test('examples/echo_server.gos echoes', async () => {
  const srv = await startExample('echo_server');
  try {
    const c = await lineClient(srv.port);
    c.send('hello, echo\n');
    await c.expect(/^hello, echo\n$/);
    c.close();
  } finally {
    await srv.stop();
  }
});

test('examples/chat.gos broadcasts', async () => {
  const srv = await startExample('chat');
  try {
    const ann = await lineClient(srv.port);
    await ann.expect(/name\? $/);
    ann.send('ann\n');
    await ann.expect(/\* ann joined \(1 here\)\n/);
    const bob = await lineClient(srv.port);
    await bob.expect(/name\? $/);
    bob.send('bob\n');
    await ann.expect(/\* bob joined \(2 here\)\n/);
    ann.send('hello bob\n');
    await bob.expect(/ann: hello bob\n/);
    bob.send('hi ann\n');
    await ann.expect(/bob: hi ann\n/);
    bob.close();
    await ann.expect(/\* bob left\n/);
    ann.close();
  } finally {
    await srv.stop();
  }
});

