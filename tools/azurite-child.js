// Runs Azurite in this Node process and exits when standard input closes, so that Azurite never outlives
// the process that started it (tests, `reimburse up`) even when that process is killed without cleanup.
'use strict';
const path = require('path');
const entry = path.join(__dirname, '..', 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
