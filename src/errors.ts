/** Normalises anything thrown into an Error. */
export function coerceError(raw: unknown): Error {
  if (raw instanceof Error) return raw;
  if (typeof raw === 'string') return new Error(raw);
  try {
    return new Error(JSON.stringify(raw));
  } catch {
    return new Error(String(raw));
  }
}

/** A configuration file or variable is wrong; the message names the file (or variable) and field. */
export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A problem the user can act on; the CLI prints its message alone, without a stack. */
export class UserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
  }
}
