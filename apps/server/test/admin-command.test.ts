import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { httpClient } from './http-client.ts';
import { useServerProcess } from './server-process.ts';

const run = promisify(execFile);
const adminScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/admin.js');

describe('the admin command', () => {
  const server = useServerProcess('admin');
  const env = { ...process.env, DATABASE_PATH: server.databasePath };

  const admin = (...args: string[]) => run(process.execPath, [adminScript, ...args], { env });

  it('creates an admin, promotes an existing member, and explains bad usage', async () => {
    const created = await admin('--email', 'root@example.org', '--name', 'Root', '--password', 'a long password');
    expect(created.stdout).toContain('Created admin root@example.org.');

    await server.start();
    try {
      const { token, user } = await httpClient(server.url).auth.register.mutate({
        email: 'member@example.org',
        name: 'Member',
        password: 'a long password',
      });
      expect(user.role).toBe('member');
      const promoted = await admin('--email', 'member@example.org');
      expect(promoted.stdout).toContain('member@example.org is now an admin.');
      expect((await httpClient(server.url, { token }).auth.me.query())?.role).toBe('admin');
    } finally {
      await server.stop('SIGTERM');
    }

    await expect(admin()).rejects.toMatchObject({ stderr: expect.stringContaining('--email is required') });
    await expect(admin('--email', 'new@example.org', '--password', 'short')).rejects.toMatchObject({
      stderr: expect.stringContaining('at least 8 characters'),
    });
  });
});
