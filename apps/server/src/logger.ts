import pino from 'pino';

/** JSON logs; credentials never reach them. */
export function createLogger(level: pino.LevelWithSilent) {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.token', '*.password'],
      censor: '[redacted]',
    },
  });
}
