import { parseArgs } from 'node:util';
import { createServices, ensureAdmin } from '@adopt/api';
import { migrateToLatest, openDatabase } from '@adopt/db';
import { backupUsage, runBackupCommand } from './backup/backup-command.ts';
import { readEnv } from './env.ts';

const usage = `Usage:
  admin --email you@example.org [--name "Your Name"] [--password "at least 8 characters"]
${backupUsage}`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'backup' || command === 'restore') process.exit(await runBackupCommand(command, rest, readEnv()));

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
});
if (!values.email) {
  console.error(`--email is required.\n${usage}`);
  process.exit(2);
}

const env = readEnv();
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { filename: env.DATABASE_PATH });
try {
  await migrateToLatest(database.kysely);
  const services = await createServices({ db: database.kysely, dialect: database.dialect, bus: { pollIntervalMs: 0 } });
  const password = values.password ?? '';
  const { user, created } = await ensureAdmin(services, {
    email: values.email,
    name: values.name ?? values.email.split('@')[0] ?? 'Admin',
    password,
  }).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
  console.log(created ? `Created admin ${user.email}.` : `${user.email} is now an admin.`);
} finally {
  await database.close();
}
