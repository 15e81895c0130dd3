#!/usr/bin/env node
// The `policy` command. Checks the Node.js version first, in syntax any Node.js can run, then
// loads the compiled command line.
var needed = 24;
var major = Number(process.versions.node.split('.')[0]);
if (major < needed) {
  process.stderr.write(
    'policy needs Node.js ' + needed + ' or newer; this is Node.js ' + process.versions.node + '.\n' +
    'Install Node.js ' + needed + ' LTS from https://nodejs.org or with a version manager (nvm install ' + needed + '),\n' +
    'or, in this shell, run: source scripts/use-node-24.sh\n'
  );
  process.exit(1);
}
import('../dist/main.js').then(
  function (cli) { return cli.main(process.argv.slice(2)); },
  function (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
      process.stderr.write('The policy command is not built yet. Run "npm run build" in the repository root first.\n');
      process.exit(1);
    }
    throw error;
  }
).then(function (code) { process.exitCode = code; });
