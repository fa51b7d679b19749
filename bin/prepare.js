// The `prepare` script: run by `npm ci` and `npm install` in a clone of the repository.
//
// 1. Builds dist/ with tsc. Type errors are printed but do not fail the install: tsc
//    still emits, and `npm test` runs tsc again and fails on them. (A failing prepare
//    would also leave `npx gossamer` permanently broken: npx installs this directory
//    into its cache, running prepare, and keeps the half-installed entry.)
//    Inside npx (npm_command=exec) an existing build is used as it is.
// 2. Links node_modules/.bin/gossamer to bin/gossamer.js, so the compiler of this
//    checkout is on the PATH of npm scripts and of `npm exec`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');

if (!(process.env.npm_command === 'exec' && fs.existsSync(cli))) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) {
    process.stderr.write('warning: typescript is not installed (dev dependencies omitted?): dist/ was not built\n');
  } else {
    const { status } = spawnSync(process.execPath, [tsc, '-p', root], { stdio: 'inherit' });
    if (status !== 0) {
      if (!fs.existsSync(cli)) process.exit(status ?? 1);
      process.stderr.write('warning: tsc reported errors (above); dist/ was built anyway, and `npm test` will fail until they are fixed\n');
    }
  }
}

const target = path.join(root, 'bin', 'gossamer.js');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'gossamer');
try {
  fs.chmodSync(target, 0o755);
  fs.mkdirSync(binDir, { recursive: true });
  fs.rmSync(link, { force: true });
  if (process.platform === 'win32') fs.writeFileSync(link + '.cmd', '@node "%~dp0\\..\\..\\bin\\gossamer.js" %*\r\n');
  else fs.symlinkSync(path.relative(binDir, target), link);
} catch (e) {
  process.stderr.write(`warning: could not link node_modules/.bin/gossamer (${e.message})\n`);
}
