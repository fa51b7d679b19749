// The http benchmark's driver: starts one server, checks its two answers, loads it with
// wrk, then measures a fresh copy holding idle keep-alive connections. It prints the
// answers' checks (compared across languages by the runner) and its figures as
// `key: number unit` lines.
//
//   node bench/lib/httpload.js [--cores 1|2] [--seconds 10] [--idle 10000] -- SERVER_CMD...
//
// SERVER_CMD gets the address 127.0.0.1:0 as its last argument and must print
// "listening on 127.0.0.1:PORT" on stderr. With --cores 1 the server runs on CPU 1
// (taskset -c 1); with 2 it may use both. wrk (-t1 -c64 --latency) always runs on CPU 0.
// Loads: GET / (hello world) and POST /json with a small JSON object (json echo), each
// after a 2-second warm-up. Idle connections: a new server process; the driver opens
// --idle connections, each sends one GET / and reads the answer, then all stay open
// while the server's peak RSS (VmHWM) is read.
//
// Also `--soak N`: instead of the above, at least N POST /json requests in 5-second wrk
// runs; prints the server's RSS after the first 100,000 (at the first run that passes
// it) and at the end, and the goroutine count from GET /stats before and after (the
// Gossamer server has it).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const JSON_BODY = '{"id":12345,"name":"gopher","tags":["fast","small","parallel"],"active":true,"score":98.5,"owner":null}';

function parseArgs(argv) {
  const o = { cores: 1, seconds: 10, idle: 10000, soak: 0, server: [] };
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  o.server = dash >= 0 ? argv.slice(dash + 1) : [];
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--cores') o.cores = Number(own[++i]);
    else if (own[i] === '--seconds') o.seconds = Number(own[++i]);
    else if (own[i] === '--idle') o.idle = Number(own[++i]);
    else if (own[i] === '--soak') o.soak = Number(own[++i]);
  }
  if (o.server.length === 0) throw new Error('usage: httpload.js [--cores N] [--seconds S] [--idle N] [--soak N] -- SERVER_CMD...');
  return o;
}

function startServer(o) {
  const cmd = o.cores === 1 ? ['taskset', '-c', '1', ...o.server, '127.0.0.1:0'] : [...o.server, '127.0.0.1:0'];
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s: ${err}`)), 60_000);
    child.stderr.on('data', (d) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${err}`)); });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** One request on a fresh connection: { status, body }. */
function ask(port, method, p, body) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`${method} ${p}: no answer in 10 s`)); }, 10_000);
    s.on('connect', () => {
      const b = body ?? '';
      s.write(`${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
    });
    s.on('data', (d) => { got += d.toString(); });
    s.on('error', (e) => { clearTimeout(timer); reject(e); });
    s.on('close', () => {
      clearTimeout(timer);
      const at = got.indexOf('\r\n\r\n');
      resolve({ status: Number(got.slice(9, 12)), body: at >= 0 ? got.slice(at + 4) : '' });
    });
  });
}

function luaScript(method, body) {
  const file = path.join(os.tmpdir(), `gossamer-wrk-${process.pid}-${method}.lua`);
  const lines = [];
  if (method === 'POST') {
    lines.push('wrk.method = "POST"', `wrk.body = '${body}'`, 'wrk.headers["Content-Type"] = "application/json"');
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs wrk on CPU 0; returns { rps, p50, p99, requests } (ms). */
function wrk(port, p, seconds, script) {
  const args = ['-c', '0', 'wrk', '-t1', '-c64', `-d${seconds}s`, '--latency'];
  if (script) args.push('-s', script);
  args.push(`http://127.0.0.1:${port}${p}`);
  const r = spawnSync('taskset', args, { encoding: 'utf8', timeout: (seconds + 60) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  const out = r.stdout;
  const ms = (v, unit) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
  const lat = (q) => {
    const m = new RegExp(`^\\s+${q}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    return m ? ms(m[1], m[2]) : NaN;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors) throw new Error(`wrk: ${errors} non-2xx responses`);
  return { rps, p50: lat(50), p99: lat(99), requests };
}

/** JSON text with object keys sorted: equal values give equal text. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function rssKB(pid, field) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

/** Opens n keep-alive connections, each answered once; resolves to the sockets. */
async function openIdle(port, n) {
  const socks = [];
  const BATCH = 250;
  for (let done = 0; done < n; done += BATCH) {
    const batch = [];
    for (let i = done; i < Math.min(n, done + BATCH); i++) {
      batch.push(new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        let got = '';
        const timer = setTimeout(() => reject(new Error('idle connection: no answer in 30 s')), 30_000);
        s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
        s.on('data', (d) => {
          got += d.toString();
          if (got.endsWith('Hello, World!')) { clearTimeout(timer); resolve(s); }
        });
        s.on('error', (e) => { clearTimeout(timer); reject(e); });
      }));
    }
    socks.push(...await Promise.all(batch));
  }
  return socks;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.soak > 0) return soak(o);
  let { child, port } = await startServer(o);
  try {
    const hello = await ask(port, 'GET', '/', null);
    console.log(`hello answer: ${hello.status === 200 && hello.body === 'Hello, World!' ? 'ok' : `wrong (${hello.status} ${JSON.stringify(hello.body)})`}`);
    const echo = await ask(port, 'POST', '/json', JSON_BODY);
    let same = false;
    try { same = canonical(JSON.parse(echo.body)) === canonical(JSON.parse(JSON_BODY)); } catch { /* wrong */ }
    console.log(`json answer: ${echo.status === 200 && same ? 'ok' : `wrong (${echo.status} ${JSON.stringify(echo.body.slice(0, 200))})`}`);
    const post = luaScript('POST', JSON_BODY);
    wrk(port, '/', 2, null);
    const h = wrk(port, '/', o.seconds, null);
    wrk(port, '/json', 2, post);
    const j = wrk(port, '/json', o.seconds, post);
    fs.rmSync(post, { force: true });
    console.log(`hello: ${h.rps.toFixed(0)} req/s`);
    console.log(`hello p50: ${h.p50.toFixed(2)} ms`);
    console.log(`hello p99: ${h.p99.toFixed(2)} ms`);
    console.log(`json: ${j.rps.toFixed(0)} req/s`);
    console.log(`json p50: ${j.p50.toFixed(2)} ms`);
    console.log(`json p99: ${j.p99.toFixed(2)} ms`);
  } finally {
    await stop(child);
  }
  if (o.idle > 0) {
    ({ child, port } = await startServer(o));
    try {
      const socks = await openIdle(port, o.idle);
      await new Promise((r) => setTimeout(r, 1000));
      const ok = await ask(port, 'GET', '/', null);
      if (ok.status !== 200) throw new Error('the server stopped answering with idle connections open');
      console.log(`idle ${o.idle} rss: ${rssKB(child.pid, 'VmHWM')} KB`);
      for (const s of socks) s.destroy();
    } finally {
      await stop(child);
    }
  }
}

async function soak(o) {
  const { child, port } = await startServer(o);
  try {
    const stats = async () => Number(/goroutines (\d+)/.exec((await ask(port, 'GET', '/stats', null)).body)?.[1] ?? NaN);
    const before = await stats();
    // wrk cannot stop after N requests (a Lua stop() still waits out -d), so load in
    // 5-second runs and count; the "after 100k" RSS is taken at the first count past it.
    const post = luaScript('POST', JSON_BODY);
    let done = 0;
    let firstRss = 0;
    const started = Date.now();
    while (done < o.soak) {
      const r = wrk(port, '/json', 5, post);
      done += r.requests;
      if (firstRss === 0 && done >= 100_000) firstRss = rssKB(child.pid, 'VmRSS');
      process.stderr.write(`soak: ${done} requests, rss ${rssKB(child.pid, 'VmRSS')} KB\n`);
    }
    fs.rmSync(post, { force: true });
    await new Promise((r) => setTimeout(r, 500));
    const lastRss = rssKB(child.pid, 'VmRSS');
    const after = await stats();
    console.log(`soak requests: ${done} requests`);
    console.log(`soak seconds: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`rss after 100k: ${firstRss} KB`);
    console.log(`rss at end: ${lastRss} KB`);
    console.log(`rss growth: ${((lastRss / firstRss - 1) * 100).toFixed(1)} %`);
    console.log(`goroutines before: ${before} goroutines`);
    console.log(`goroutines after: ${after} goroutines`);
  } finally {
    await stop(child);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
