// A preload that profiles a process a benchmark starts, for
// HOOKBRIDGE_CHILD_NODE_OPTIONS="--import ./scripts/cpu-profile-preload.mjs" (see bench/README.md).
// Every 3 s it writes the last 3 s as <dir>/<script>.<pid>.<n>.cpuprofile, so a process killed with
// SIGKILL still leaves its profiles; dir is HOOKBRIDGE_PROFILE_DIR, else the working directory.
import { writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';

const dir = process.env.HOOKBRIDGE_PROFILE_DIR ?? process.cwd();
// dist/apps/gateway/src/main.js is named gateway.
const script = process.argv[1] ?? 'node';
const name =
  basename(script, '.js') === 'main' ? basename(dirname(dirname(script))) : basename(script, '.js');
const session = new Session();
session.connect();
const start = () => session.post('Profiler.start');
session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, start));
let n = 0;
setInterval(() => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) {
      const file = `${name}.${process.pid}.${String(n++).padStart(3, '0')}.cpuprofile`;
      writeFileSync(join(dir, file), JSON.stringify(result.profile));
    }
    start();
  });
}, 3_000).unref();
