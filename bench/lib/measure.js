// One timed run of one command: wall time, peak resident memory, exit status, stderr.
//
// Wall time is measured here, from spawn to exit (process.hrtime). Peak RSS comes from
// GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child: the largest
// resident set of the command or of any descendant it waited for, such as the program
// process `gossamer run` starts). Without GNU time the runner polls VmHWM in
// /proc/<pid>/status of the child and its descendants every 10 ms, which can miss a
// short-lived descendant's peak. `rssMethod()` says which is in use; the results JSON
// records it.
//
// stdout goes to a file (outputs reach 250 MB: fasta), never through this process, so
// the runner costs the benchmark nothing while it runs; stderr is kept (its last 64 KiB).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const STDERR_KEEP = 64 * 1024;
const POLL_MS = 10;

let method;

/** 'gnu-time' (`/usr/bin/time -f %M`) or 'proc-poll' (VmHWM polled every 10 ms). */
export function rssMethod() {
  if (method === undefined) {
    const r = fs.existsSync(GNU_TIME) ? spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }) : null;
    method = r && r.status === 0 && /^\d+\s*$/.test(r.stderr) ? 'gnu-time' : 'proc-poll';
  }
  return method;
}

/**
 * Runs spec = { cmd, args, env, cwd } with stdout to stdoutFile.
 * Returns { wallMs, peakRssKB, code, signal, stderr, timedOut }.
 */
export function runOnce(spec, stdoutFile, timeoutMs) {
  const useTime = rssMethod() === 'gnu-time';
  const rssFile = `${stdoutFile}.rss`;
  fs.rmSync(rssFile, { force: true });
  const cmd = useTime ? GNU_TIME : spec.cmd;
  const args = useTime ? ['-f', '%M', '-o', rssFile, spec.cmd, ...spec.args] : spec.args;
  const out = fs.openSync(stdoutFile, 'w');
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', out, 'pipe'],
      detached: true, // its own process group, so a timeout can end it and its children
    });
    fs.closeSync(out);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    let polledKB = 0;
    const poll = useTime ? null : setInterval(() => { polledKB = Math.max(polledKB, treeHwmKB(child.pid)); }, POLL_MS);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', (e) => { stderr += String(e); });
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakRssKB = polledKB || null;
      if (useTime) {
        // GNU time writes "Command exited with non-zero status N" before the figure.
        const text = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8') : '';
        const m = text.trim().match(/(\d+)$/);
        peakRssKB = m ? parseInt(m[1], 10) : null;
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ wallMs, peakRssKB, code, signal, stderr: stderr.slice(-STDERR_KEEP), timedOut });
    });
  });
}

/** The largest VmHWM (KiB) among pid and its descendants, 0 if none can be read. */
function treeHwmKB(pid) {
  let best = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, 'utf8').match(/^VmHWM:\s+(\d+)/m);
      if (m) best = Math.max(best, parseInt(m[1], 10));
      for (const tid of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(path.join(`/proc/${p}/task`, tid, 'children'), 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch { /* exited meanwhile */ }
  }
  return best;
}

/** Runs a command to completion for a build step: { ok, ms, output }. */
export function runBuild(cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 600_000,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
  return { ok: r.status === 0, ms, output };
}
