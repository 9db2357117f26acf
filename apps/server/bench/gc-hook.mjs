// Preloaded (node --expose-gc --import) only by the benchmark launcher, into every server it measures:
// lets the launcher force a full collection before it reads the process's memory, and write a heap
// snapshot when looking for what a connection costs. The servers themselves expose nothing of the kind.
import { writeHeapSnapshot } from 'node:v8';

if (process.send && typeof globalThis.gc === 'function') {
  process.on('message', (message) => {
    if (message?.type === 'bench:gc') {
      globalThis.gc();
      globalThis.gc();
      process.send({ type: 'bench:gc-done' });
    } else if (message?.type === 'bench:heap-snapshot') {
      globalThis.gc();
      process.send({ type: 'bench:heap-snapshot-done', file: writeHeapSnapshot(message.file) });
    }
  });
  process.channel?.unref();
}
