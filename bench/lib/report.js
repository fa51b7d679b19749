// Reading what a run printed (its md5 and its own figures), summarising repeated runs,
// and printing a benchmark's table.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { REFERENCES } from './toolchains.js';

// `worst push: 1.234 ms`: a figure the program measured itself. Such lines are parsed
// and left out of the output comparison, since they differ from run to run.
const FIGURE = /^([a-z][a-z -]*): (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) (\S+)$/;
const TEXT_LIMIT = 16 * 1024 * 1024;

/**
 * The comparable part of an output file and its figures:
 * { md5, bytes, figures: { key: { value, unit } }, text (if short) }.
 * raw: hash every byte (binary output); otherwise drop figure lines first.
 */
export async function analyzeOutput(file, raw) {
  const bytes = fs.statSync(file).size;
  if (raw || bytes > TEXT_LIMIT) {
    const hash = createHash('md5');
    await new Promise((resolve, reject) => {
      fs.createReadStream(file).on('data', (d) => hash.update(d)).on('end', resolve).on('error', reject);
    });
    return { md5: hash.digest('hex'), bytes, figures: {}, text: null };
  }
  const figures = {};
  const kept = [];
  const text = fs.readFileSync(file, 'utf8');
  for (const line of text.split('\n')) {
    const m = line.match(FIGURE);
    if (m) figures[m[1]] = { value: parseFloat(m[2]), unit: m[3] };
    else kept.push(line);
  }
  const comparable = kept.join('\n');
  return {
    md5: createHash('md5').update(comparable).digest('hex'),
    bytes,
    figures,
    text: comparable.length <= 400 ? comparable : null,
  };
}

export function md5Text(text) {
  return createHash('md5').update(text).digest('hex');
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return null;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median wall, min, max, max peak RSS and the median of each figure over an impl's runs. */
export function summarize(runs) {
  const walls = runs.map((r) => r.wallMs);
  const rss = runs.map((r) => r.peakRssKB).filter((x) => x != null);
  const figures = {};
  for (const key of new Set(runs.flatMap((r) => Object.keys(r.figures)))) {
    const vals = runs.map((r) => r.figures[key]).filter(Boolean);
    figures[key] = { value: median(vals.map((f) => f.value)), unit: vals[0].unit };
  }
  return {
    medianMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    peakRssKB: rss.length ? Math.max(...rss) : null,
    figures,
  };
}

export function fmtMs(ms) {
  if (ms == null) return '-';
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function fmtRange(a, b) {
  if (a == null) return '-';
  if (b < 10) return `${a.toFixed(1)}-${b.toFixed(1)} ms`;
  if (b < 1000) return `${a.toFixed(0)}-${b.toFixed(0)} ms`;
  return `${(a / 1000).toFixed(2)}-${(b / 1000).toFixed(2)} s`;
}

function fmtRss(kb) {
  if (kb == null) return '-';
  return kb < 10240 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb / 1024)} MB`;
}

function fmtNum(v) {
  if (Math.abs(v) >= 1e5) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3).replace(/\.?0+$/, '') || '0';
}

const SHORT_UNIT = { bytes: 'B', goroutines: '', threads: '', 'async-functions': '' };

export function fmtFigures(figures, order) {
  const keys = order ?? Object.keys(figures);
  return keys
    .filter((k) => figures[k])
    .map((k) => {
      const f = figures[k];
      const unit = SHORT_UNIT[f.unit] ?? f.unit;
      return `${k} ${fmtNum(f.value)}${unit ? ` ${unit}` : ''}`;
    })
    .join(', ');
}

/** The row a ratio column divides by: the first impl of that language with a time. */
export function referenceRows(impls) {
  const refs = {};
  for (const lang of REFERENCES) refs[lang] = impls.find((i) => i.lang === lang && i.summary?.medianMs != null) ?? null;
  return refs;
}

const LANG_TITLE = { go: 'Go', rust: 'Rust', node: 'Node' };

/** Prints one benchmark's table to stdout. */
export function printTable(bench, result) {
  const refs = referenceRows(result.impls);
  const header = ['implementation', 'median', 'min-max', 'peak RSS', 'own figures', ...REFERENCES.map((l) => `x${LANG_TITLE[l]}`), 'output'];
  const rows = [header];
  for (const impl of result.impls) {
    const s = impl.summary;
    if (!s) {
      rows.push([impl.label, impl.status, '', '', '', ...REFERENCES.map(() => ''), '']);
      continue;
    }
    const ratios = REFERENCES.map((l) => (refs[l] ? `${(s.medianMs / refs[l].summary.medianMs).toFixed(2)}` : '-'));
    rows.push([
      impl.label,
      fmtMs(s.medianMs),
      fmtRange(s.minMs, s.maxMs),
      fmtRss(s.peakRssKB),
      fmtFigures(s.figures, bench.figures),
      ...ratios,
      impl.outputOk === true ? 'ok' : impl.outputOk === false ? 'DIFFERS' : '?',
    ]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const right = new Set([1, 2, 3, 5, 6, 7]);
  const line = (r) => '  ' + r.map((cell, c) => (right.has(c) ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join('  ').trimEnd();
  const runs = [...new Set(result.impls.map((i) => i.runs?.length ?? 0).filter(Boolean))].join('/');
  const arg = bench.argName ? `, ${bench.argName} ${result.arg}` : '';
  console.log(`\n${bench.title} (${bench.name}${arg}; ${runs || 0} run${runs === '1' ? '' : 's'} each) - ${bench.measures}`);
  console.log(line(header));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  if (result.expectNote) console.log(`  ${result.expectNote}`);
  for (const impl of result.impls) {
    if (impl.status !== 'ok' || impl.outputOk === false) console.log(`  ${impl.label}: ${impl.reason ?? impl.status}`);
  }
}
