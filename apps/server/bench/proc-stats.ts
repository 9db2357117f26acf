import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process, from /proc/<pid>/status, in bytes. */
export function rssBytes(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * CPU time a process has used, all its threads (main, GC helpers, libuv pool), in nanoseconds:
 * /proc/<pid>/task/<tid>/schedstat counts in ns where /proc/<pid>/stat counts 10 ms ticks.
 */
export function cpuNanos(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread exited between listing and reading; its time is gone with it.
    }
  }
  return total;
}
