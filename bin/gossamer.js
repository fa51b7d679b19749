#!/usr/bin/env node
// The `gossamer` command. The CLI is TypeScript compiled into dist/ by `npm run build`
// (`npm ci` and `npm install` run it through the `prepare` script).
let cli;
try {
  cli = await import('../dist/src/cli/main.js');
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist')) {
    process.stderr.write('error: the Gossamer compiler is not built: run `npm run build` in the package directory\n');
    process.exit(1);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));
