import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTool } from './required-tool.ts';

const run = promisify(execFile);
const unitFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/adopt-a-street.service');

/** Every `Key=value` of the unit, in order (a key may repeat). */
function settings(unit: string): [string, string][] {
  return unit
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

describe.runIf(hasTool('systemd-analyze'))('the systemd unit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const unit = readFileSync(unitFile, 'utf8');
  // As installed here: systemd-analyze checks that ExecStart's program exists, and node lives where it lives.
  const installed = path.join(dir, 'adopt-a-street.service');
  writeFileSync(installed, unit.replace('/usr/bin/node ', `${process.execPath} `));

  it('passes systemd-analyze verify without a single warning', async () => {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', installed]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('runs as its own user, read-only except its data folder, restarts on failure, is memory-capped, logs to the journal', () => {
    const values = new Map(settings(unit));
    expect(values.get('User')).toBe('adopt-a-street');
    expect(values.get('ProtectSystem')).toBe('strict');
    expect(values.get('StateDirectory')).toBe('adopt-a-street');
    expect(settings(unit).filter(([key]) => key === 'ReadWritePaths')).toEqual([]);
    const environment = settings(unit)
      .filter(([key]) => key === 'Environment')
      .map(([, value]) => value);
    expect(environment.join(' ')).toContain('DATABASE_PATH=/var/lib/adopt-a-street/');
    expect(environment.join(' ')).toContain('BACKUP_DIR=/var/lib/adopt-a-street/');
    expect(values.get('Restart')).toBe('on-failure');
    expect(values.get('MemoryMax')).toMatch(/^\d+M$/);
    expect(values.get('StandardOutput')).toBe('journal');
  });

  it('rates as OK or better in systemd-analyze security', async () => {
    const { stdout } = await run('systemd-analyze', ['security', '--offline=true', installed]);
    const exposure = Number(/Overall exposure level for .*: ([\d.]+)/.exec(stdout)?.[1]);
    expect(exposure).toBeLessThanOrEqual(4);
  });
});
