import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../services/config.ts';

describe('loadConfig', () => {
  it('applies the defaults of the embedded default', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('.data');
  });

  it('names the bad variable and says what is expected', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a URL starting with postgres:\/\//);
    expect(() => loadConfig({ KEY_ENCRYPTION_KEY: 'short' })).toThrow(/KEY_ENCRYPTION_KEY: must be 32 bytes/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/REDIS_URL/);
      expect(message).toMatch(/LOG_LEVEL/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('refuses a TLS certificate without its key', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/tmp/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
  });
});
