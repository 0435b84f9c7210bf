import type { Logger } from 'pino';
import { coerceError } from './errors.js';

/**
 * SIGTERM/SIGINT run close() once, within graceMs (an unref'd timer forces exit after);
 * a second signal forces exit at once.
 */
export function onShutdownSignal(close: () => Promise<void>, log: Logger, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const handler = (signal: NodeJS.Signals) => {
      if (closing) {
        log.warn({ signal }, 'Second signal: exiting now');
        process.exit(130);
      }
      closing = true;
      log.info({ signal, graceMs }, 'Shutting down');
      setTimeout(() => {
        log.error({ graceMs }, 'Shutdown took too long: exiting');
        process.exit(1);
      }, graceMs + 5000).unref();
      close()
        .catch((raw) => log.error({ err: coerceError(raw) }, 'Error while shutting down'))
        .finally(resolve);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}
