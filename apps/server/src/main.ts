import { startServer } from './app.ts';
import { readEnv } from './env.ts';
import { createLogger } from './logger.ts';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);

try {
  const running = await startServer(env, logger);
  logger.info(
    { url: running.url, database: env.DATABASE_URL ? 'postgres' : env.DATABASE_PATH },
    'Adopt-a-Street is listening',
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, async () => {
      logger.info({ signal }, 'shutting down');
      await running.close();
      logger.info('stopped');
      process.exit(0);
    });
  }
} catch (error) {
  logger.fatal({ err: error }, error instanceof Error ? error.message : 'failed to start');
  process.exit(1);
}
