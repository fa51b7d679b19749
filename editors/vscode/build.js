// `npm run vsix`: type-checks the extension, bundles it with its language client into
// dist/extension.js (esbuild; `vscode` is provided by the editor), and packages the
// extension with @vscode/vsce into gossamer-VERSION.vsix here (not committed). The tools
// it needs are this folder's own devDependencies (`npm run vsix` installs them here).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = name => path.join(here, 'node_modules', '.bin', name);

execFileSync(bin('tsc'), ['-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' });
await build({
  entryPoints: [path.join(here, 'src', 'extension.ts')],
  outfile: path.join(here, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  minify: true,
  logLevel: 'warning',
});
const { version } = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const out = path.join(here, `gossamer-${version}.vsix`);
execFileSync(bin('vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: here, stdio: 'inherit' });
console.log(`wrote ${path.relative(process.cwd(), out)}`);
