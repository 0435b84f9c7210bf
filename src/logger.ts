import pino, { type Logger } from 'pino';

export type { Logger };

/** The root logger: JSON lines on stderr, so stdout stays free for command output. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { app: 'launchwatch' } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything (tests, pure helpers). */
export const silentLogger: Logger = pino({ level: 'silent' });
