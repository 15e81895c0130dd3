// Loaded with `node --import` (through NODE_OPTIONS, so that the processes a command starts load it
// too: a build of many schools builds them in batches, each in a process of its own) into each
// command the scale benchmark measures: when a process exits, it writes its peak resident memory,
// in bytes, to the file named by POLICY_BENCH_MAXRSS_FILE with its process id added.
//
// process.resourceUsage().maxRSS is the operating system's figure for the whole process (in
// kilobytes), so it counts the memory of every worker thread the command starts, which share the
// process's memory: the heap figures of the main thread alone would miss the PDF pool. Programs
// the command starts as processes of their own write files of their own. `node --import` loads this
// module into worker threads too; only the main thread writes.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.POLICY_BENCH_MAXRSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    try {
      writeFileSync(`${file}.${process.pid}`, `${process.resourceUsage().maxRSS * 1024}\n`);
    } catch {
      // The benchmark reports the figure as missing; the command's own exit code stands.
    }
  });
}
