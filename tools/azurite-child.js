// Runs Azurite in this Node process and shuts it down when standard input closes, so that Azurite never
// outlives the process that started it (tests, `reimburse up`) even when that process is killed without cleanup.
// Shutdown goes through Azurite's own SIGTERM handler, which closes the servers and saves the data to disk;
// if that takes longer than 10 s, the process exits anyway.
'use strict';
const path = require('path');
const entry = path.join(__dirname, '..', 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 10000).unref();
  process.kill(process.pid, 'SIGTERM');
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
