import { execFileSync } from 'node:child_process';

/**
 * Whether a command-line tool a test needs is installed. Missing, the test skips on a developer's machine,
 * but fails on CI (CI=true), where .ci/run installs it: CI must really run these tests.
 */
export function hasTool(command: string, versionFlag = '--version'): boolean {
  try {
    execFileSync(command, [versionFlag], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${command} is missing on CI: add it to .ci/run's apt-get install.`);
    return false;
  }
}
