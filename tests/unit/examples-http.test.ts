// The HTTP examples run as the README says: the JSON API started on 127.0.0.1:0 and
// driven from Node, and the fetch client run against it. (examples-tcp.test.ts: the TCP ones.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as http from 'node:http';
import { LAUNCHER, EXAMPLES, buildWasm, startExample } from './servers.js';

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

test('examples/json_api.gos and examples/fetch.gos', async () => {
  const srv = await startExample('json_api');
  try {
    let r = await call(srv.port, 'POST', '/notes', '{"text": "buy milk"}');
    assert.deepEqual([r.status, JSON.parse(r.body)], [201, { id: 1, text: 'buy milk' }]);
    r = await call(srv.port, 'POST', '/notes', '{"text": "call mum"}');
    assert.equal(r.status, 201);
    r = await call(srv.port, 'GET', '/notes');
    assert.deepEqual(JSON.parse(r.body), [{ id: 1, text: 'buy milk' }, { id: 2, text: 'call mum' }]);
    r = await call(srv.port, 'GET', '/notes/2');
    assert.deepEqual(JSON.parse(r.body), { id: 2, text: 'call mum' });
    r = await call(srv.port, 'DELETE', '/notes/1');
    assert.equal(r.status, 204);
    r = await call(srv.port, 'GET', '/notes/1');
    assert.equal(r.status, 404);
    r = await call(srv.port, 'GET', '/notes/x');
    assert.equal(r.status, 400);
    r = await call(srv.port, 'POST', '/notes', '{"nope": 1}');
    assert.equal(r.status, 400);
    r = await call(srv.port, 'PUT', '/notes/2');
    assert.equal(r.status, 405);

    const fetch = await buildWasm(path.join(EXAMPLES, 'fetch.gos'));
    const base = `http://127.0.0.1:${srv.port}`;
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
    await srv.stop();
  }
});

