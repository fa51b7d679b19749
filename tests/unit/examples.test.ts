// The network examples run as the README says: each server started on 127.0.0.1:0 and
// driven from Node (the echo server, the JSON API, the chat server), and the fetch
// client run against the JSON API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/driver/compile.js';

const LAUNCHER = fileURLToPath(new URL('../../src/host/launcher.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-examples-'));

async function build(name: string): Promise<string> {
  const r = await compile(path.join(EXAMPLES, `${name}.gos`));
  assert.ok(r.wasm, `${name} compiles`);
  const wasm = path.join(tmp, `${name}.wasm`);
  fs.writeFileSync(wasm, r.wasm);
  return wasm;
}

/** Starts an example server on port 0 (with --allow-net=127.0.0.1); resolves to its port. */
async function start(name: string): Promise<{ port: number; child: ChildProcess }> {
  const wasm = await build(name);
  const child = spawn(process.execPath, [LAUNCHER, wasm, '--allow-net=127.0.0.1', '--', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name}: no address in 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
  });
  return { port, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill();
  });
}

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

function call(port: number, method: string, p: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, agent: false }, res => {
      let data = '';
      res.on('data', (c: Buffer) => { data += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

test('examples/echo_server.gos echoes', async () => {
  const { port, child } = await start('echo_server');
  try {
    const c = await lineClient(port);
    c.send('hello, echo\n');
    await c.expect(/^hello, echo\n$/);
    c.close();
  } finally {
    await stop(child);
  }
});

test('examples/json_api.gos and examples/fetch.gos', async () => {
  const { port, child } = await start('json_api');
  try {
    let r = await call(port, 'POST', '/notes', '{"text": "buy milk"}');
    assert.deepEqual([r.status, JSON.parse(r.body)], [201, { id: 1, text: 'buy milk' }]);
    r = await call(port, 'POST', '/notes', '{"text": "call mum"}');
    assert.equal(r.status, 201);
    r = await call(port, 'GET', '/notes');
    assert.deepEqual(JSON.parse(r.body), [{ id: 1, text: 'buy milk' }, { id: 2, text: 'call mum' }]);
    r = await call(port, 'GET', '/notes/2');
    assert.deepEqual(JSON.parse(r.body), { id: 2, text: 'call mum' });
    r = await call(port, 'DELETE', '/notes/1');
    assert.equal(r.status, 204);
    r = await call(port, 'GET', '/notes/1');
    assert.equal(r.status, 404);
    r = await call(port, 'GET', '/notes/x');
    assert.equal(r.status, 400);
    r = await call(port, 'POST', '/notes', '{"nope": 1}');
    assert.equal(r.status, 400);
    r = await call(port, 'PUT', '/notes/2');
    assert.equal(r.status, 405);

    const fetch = await build('fetch');
    const base = `http://127.0.0.1:${port}`;
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [LAUNCHER, fetch, '--allow-net=127.0.0.1', '--', `${base}/notes`, `${base}/notes/2`, `${base}/notes/9`, 'http://127.0.0.1:1/'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let o = '';
      c.stdout!.on('data', (d: Buffer) => { o += d.toString(); });
      const timer = setTimeout(() => c.kill(), 60_000);
      c.on('exit', code => { clearTimeout(timer); if (code === 0) resolve(o); else reject(new Error(`fetch exited ${code}: ${o}`)); });
    });
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 4, out);
    assert.match(lines[0], new RegExp(`^200 +\\d+ bytes +\\d+ ms  ${base}/notes$`));
    assert.match(lines[1], /^200 +\d+ bytes/);
    assert.match(lines[2], /^404 /);
    assert.match(lines[3], /^error: GET http:\/\/127\.0\.0\.1:1\/: connect 127\.0\.0\.1:1: connection refused$/);
  } finally {
    await stop(child);
  }
});

test('examples/chat.gos broadcasts', async () => {
  const { port, child } = await start('chat');
  try {
    const ann = await lineClient(port);
    await ann.expect(/name\? $/);
    ann.send('ann\n');
    await ann.expect(/\* ann joined \(1 here\)\n/);
    const bob = await lineClient(port);
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
    await stop(child);
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
