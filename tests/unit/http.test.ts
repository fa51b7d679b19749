// Node clients driving a Gossamer HTTP server (std::http) on 127.0.0.1, port 0: many
// concurrent keep-alive requests, 1,000 idle connections, a reset in the middle of a
// request, malformed requests through raw sockets, a client that sends a byte at a
// time; with 1 and 2 Ps, and once under GC stress at a small size. The server reports
// its goroutine count, so every test also checks that nothing leaked. Every loop is
// bounded in count and time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { Running, buildWasm, startServer } from './servers.js';

const SERVER = `
use std::http;
use std::http::{Server, ResponseWriter, Request, Router};
use std::json::Value;
use std::collections::HashMap;
use std::runtime;
use std::time;

fn main() {
    let r = Router::new();
    r.get("/hello/{name}", |w: ResponseWriter, req: Request| {
        w.write_str("hello " + req.param("name"));
    });
    r.post("/echo", |w: ResponseWriter, req: Request| {
        match req.json() {
            Ok(v) => w.json(200, v),
            Err(e) => http::error(w, e.to_string(), 400),
        }
    });
    r.get("/goroutines", |w: ResponseWriter, req: Request| {
        w.write_str(runtime::num_goroutine().to_string());
    });
    r.get("/sleep", |w: ResponseWriter, req: Request| {
        time::sleep(time::ms(50));
        w.write_str("slept");
    });
    let srv = Server::new("127.0.0.1:0", r.handler());
    srv.read_header_timeout = time::secs(5);
    let addr = srv.listen().unwrap();
    eprintln!("listening on {}", addr);
    srv.serve().unwrap();
}
`;

let serverWasmPath: Promise<string> | null = null;

function startTestServer(env: Record<string, string>): Promise<Running> {
  serverWasmPath ??= buildWasm('http_server.gos', SERVER);
  return serverWasmPath.then(wasm => startServer(wasm, [], env));
}

function request(port: number, method: string, p: string, body: string | null, agent: http.Agent | false): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, agent, headers: body !== null ? { 'content-type': 'application/json' } : {} }, res => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** Sends raw bytes; resolves to everything the server sent before closing (or what came in `ms`). */
function raw(port: number, chunks: (string | { pause: number })[], ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { s.destroy(); resolve(out); }, ms);
    s.on('data', d => { out += d.toString(); });
    s.on('close', () => { clearTimeout(timer); resolve(out); });
    s.on('error', e => { clearTimeout(timer); reject(e); });
    s.on('connect', async () => {
      for (const c of chunks) {
        if (typeof c === 'string') s.write(c);
        else await new Promise(r => setTimeout(r, c.pause));
      }
    });
  });
}

/** Polls /goroutines until it is at most `limit` (goroutines of closed connections take a moment to go). */
async function goroutinesSettle(port: number, limit: number): Promise<number> {
  let n = Infinity;
  for (let i = 0; i < 100 && n > limit; i++) {
    n = Number((await request(port, 'GET', '/goroutines', null, false)).body);
    if (n > limit) await new Promise(r => setTimeout(r, 50));
  }
  return n;
}

for (const procs of [1, 2]) {
  test(`Node clients drive a Gossamer server (${procs} P)`, async t => {
    const srv = await startTestServer({ GOSSAMER_PROCS: String(procs) });
    try {
      // The goroutines of an idle server: main (in accept) and the one answering.
      const base = await goroutinesSettle(srv.port, 1000);

      await t.test('200 concurrent keep-alive requests over 50 connections', async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
        const jobs: Promise<void>[] = [];
        for (let i = 0; i < 200; i++) {
          jobs.push(i % 2 === 0
            ? request(srv.port, 'GET', `/hello/n${i}`, null, agent).then(r => { assert.equal(r.status, 200); assert.equal(r.body, `hello n${i}`); })
            : request(srv.port, 'POST', '/echo', JSON.stringify({ i, s: 'x'.repeat(i) }), agent).then(r => {
              assert.equal(r.status, 200);
              assert.deepEqual(JSON.parse(r.body), { i, s: 'x'.repeat(i) });
              assert.equal(r.headers['content-type'], 'application/json');
            }));
        }
        await Promise.all(jobs);
        agent.destroy();
      });

      await t.test('1,000 idle connections: the server keeps answering, then lets them go', async () => {
        const idle: net.Socket[] = [];
        await Promise.all(Array.from({ length: 1000 }, () => new Promise<void>((resolve, reject) => {
          const s = net.connect(srv.port, '127.0.0.1', () => resolve());
          s.on('error', reject);
          idle.push(s);
        })));
        const during = Number((await request(srv.port, 'GET', '/goroutines', null, false)).body);
        assert.ok(during >= 1000, `${during} goroutines with 1,000 connections open`);
        const r = await request(srv.port, 'GET', '/hello/busy', null, false);
        assert.equal(r.body, 'hello busy');
        for (const s of idle) s.destroy();
        const after = await goroutinesSettle(srv.port, base);
        assert.ok(after <= base, `${after} goroutines after closing, ${base} before`);
      });

      await t.test('a reset in the middle of a request, and a slow client', async () => {
        await new Promise<void>(resolve => {
          const s = net.connect(srv.port, '127.0.0.1', () => {
            s.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
            setTimeout(() => { s.resetAndDestroy(); resolve(); }, 50);
          });
          s.on('error', () => {});
        });
        const slow = await raw(srv.port, [...'GET /hello/slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'].flatMap(ch => [ch, { pause: 2 }]));
        assert.match(slow, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nhello slow$/);
        const after = await goroutinesSettle(srv.port, base);
        assert.ok(after <= base, `${after} goroutines after the reset, ${base} before`);
      });

      await t.test('malformed requests get their status; the server goes on', async () => {
        const cases: [string, number][] = [
          ['NONSENSE\r\n\r\n', 400],
          ['GET / HTTP/1.1\r\n\r\n', 400],
          ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400],
          [`GET / HTTP/1.1\r\nHost: x\r\nX: ${'y'.repeat(2_000_000)}\r\n\r\n`, 431],
          ['POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br\r\n\r\n', 501],
          ['GET / HTTP/2.0\r\nHost: x\r\n\r\n', 505],
        ];
        for (const [text, status] of cases) {
          const out = await raw(srv.port, [text]);
          assert.match(out, new RegExp(`^HTTP/1\\.1 ${status} `), JSON.stringify(text.slice(0, 40)));
        }
        const r = await request(srv.port, 'GET', '/hello/still', null, false);
        assert.equal(r.body, 'hello still');
      });
    } finally {
      await srv.stop();
    }
  });
}

test('the server under GC stress, 2 Ps: requests and a pipelined batch', async () => {
  const srv = await startTestServer({ GOSSAMER_PROCS: '2', GOSSAMER_GC_STRESS: '1' });
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 12; i++) {
      jobs.push(request(srv.port, 'POST', '/echo', JSON.stringify({ i, list: [1, 2, { k: 'v' }] }), agent).then(r => {
        assert.deepEqual(JSON.parse(r.body), { i, list: [1, 2, { k: 'v' }] });
      }));
    }
    await Promise.all(jobs);
    agent.destroy();
    const out = await raw(srv.port, ['GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    assert.match(out, /hello a[^]*hello b$/);
  } finally {
    await srv.stop();
  }
});

