// Stops at once, with a clear message, when this Node.js is older than the project needs.
// Plain CommonJS with no modern syntax, so that it runs on any Node.js version.
'use strict';
var needed = 24;
var found = process.versions.node;
var major = parseInt(found.split('.')[0], 10);
if (major < needed) {
  process.stderr.write(
    '\nThis project needs Node.js ' + needed + ' or newer; this is Node.js ' + found + '.\n' +
    'Install Node.js ' + needed + ' LTS, then run the command again:\n' +
    '  - from https://nodejs.org, or with a version manager (nvm install ' + needed + ', fnm use, volta install node@' + needed + '); or\n' +
    '  - in this shell, from the npm registry into a cache folder: source scripts/use-node-24.sh\n\n'
  );
  process.exit(1);
}
