import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const nodeFlagsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node-flags');

/** The Node flags the server runs with in production (apps/server/node-flags), so the figures are the Pi's. */
export function productionNodeFlags(): string[] {
  return readFileSync(nodeFlagsFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Starts `node <args>` with the open-files soft limit raised to the hard limit (10000 sockets need
 * more than the common default of 1024), with an IPC channel. `exec` keeps the pid node's own.
 */
export function spawnNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const quoted = [process.execPath, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  return spawn('/bin/sh', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${quoted}`], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

/** The soft limit children get. */
export function openFilesLimit(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; ulimit -n'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', () => (out.trim() === 'unlimited' ? resolve(Number.POSITIVE_INFINITY) : resolve(Number(out))));
    child.on('error', reject);
  });
}

/** Resolves once the process prints `line`; rejects with its output if it exits first. */
export function waitForOutput(child: ChildProcess, line: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Sends a message and waits for the first reply of the given type. */
export function request<T extends { type: string }>(
  child: ChildProcess,
  message: object,
  replyType: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: T) => {
      if (reply.type === 'failed') {
        cleanup();
        reject(new Error((reply as unknown as { message: string }).message));
      } else if (reply.type === replyType) {
        cleanup();
        resolve(reply);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`process exited (${code}) while waiting for ${replyType}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    // With a callback, a closed channel (the process died) rejects here instead of throwing an 'error' event.
    child.send(message, (error) => {
      if (error) {
        cleanup();
        reject(error);
      }
    });
  });
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
