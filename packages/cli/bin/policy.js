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

// The last resort: whatever goes wrong, a user reads one clear sentence, never a stack trace.
var describe;
function lastResort(error) {
  if (error && error.code === 'EPIPE') process.exit(0);
  var text;
  try {
    text = describe ? describe(error, process.argv[2] || '', process.cwd()) : undefined;
  } catch (ignored) {
    text = undefined;
  }
  if (!text) {
    var detail = String((error && error.message) || error).split('\n')[0];
    text = 'policy stopped on an unexpected error: ' + detail + '\n    This is a fault in the policy command, not in your files: please report it, with the command you ran and this message.';
  }
  try {
    process.stderr.write(text + '\n');
  } catch (ignored) {
    // Nowhere left to say it.
  }
  process.exit(1);
}
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);
// Output piped into a program that stops reading (| head): stop quietly.
process.stdout.on('error', function (error) {
  if (error && error.code === 'EPIPE') process.exit(0);
  lastResort(error);
});

// V8 keeps the code it compiles for the command's modules beside the program, in
// packages/cli/node_modules/.cache/compiled/, so that the next command starts sooner (by about a
// tenth of a second); Node.js checks each entry against its file. Nothing is written to the user's
// own folders, so a command refused before it starts changes nothing there.
try {
  var nodeModule = process.getBuiltinModule && process.getBuiltinModule('node:module');
  if (nodeModule && typeof nodeModule.enableCompileCache === 'function' && !process.env.NODE_COMPILE_CACHE) {
    nodeModule.enableCompileCache(process.getBuiltinModule('node:url').fileURLToPath(new URL('../node_modules/.cache/compiled/', import.meta.url)));
  }
} catch (ignored) {
  // Without it, the command only starts a little slower.
}

Promise.all([import('../dist/main.js'), import('../dist/io.js')]).then(
  function (modules) {
    describe = modules[1].describeFailure;
    return modules[0].main(process.argv.slice(2));
  },
  function (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/')) {
      process.stderr.write('The policy command is not built yet. Run "npm run build" in the repository root first.\n');
      process.exit(1);
    }
    throw error;
  }
).then(function (code) { process.exitCode = code; }, lastResort);
