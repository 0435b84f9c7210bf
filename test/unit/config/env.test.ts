import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';

describe('loadConfig(env)', () => {
  it('has defaults for everything but the servers', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeNull();
    expect(c.redisUrl).toBeNull();
    expect(c.queuePrefix).toBe('launchwatch');
    expect(c.concurrency.classify).toBeGreaterThan(0);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the servers and the allowed hosts', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x', REDIS_URL: 'redis://r:6379/2', LAUNCHWATCH_ALLOW_HOSTS: '127.0.0.1, feeds.local' });
    expect(c.databaseUrl).toBe('postgres://u@db:5432/x');
    expect(c.redisUrl).toBe('redis://r:6379/2');
    expect(c.allowHosts).toEqual(['127.0.0.1', 'feeds.local']);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ LAUNCHWATCH_CLASSIFY_CONCURRENCY: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ LAUNCHWATCH_CLASSIFY_CONCURRENCY: 'lots' })).toThrow(/LAUNCHWATCH_CLASSIFY_CONCURRENCY/);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('rejects a schema without a database', () => {
    expect(() => loadConfig({ LAUNCHWATCH_DB_SCHEMA: 'x' })).toThrow(/DATABASE_URL/);
  });
});
