import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('when nothing is set, then it runs on embedded defaults in development', () => {
    const config = loadConfig({});
    assert.equal(config.environment, 'development');
    assert.equal(config.database.url, undefined);
    assert.equal(config.devRoutes, true);
    assert.equal(config.publicUrl, 'http://localhost:3000');
  });

  it('when production is asked with development defaults, then it refuses and names every reason', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DEV_ROUTES: 'true' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SECRET_KEY/.test(error.message) &&
        /DATABASE_URL/.test(error.message) &&
        /SMS_ADAPTER/.test(error.message) &&
        /DEV_ROUTES/.test(error.message) &&
        /https/.test(error.message),
    );
  });

  it('when a value is malformed, then the error names the variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ SECRET_KEY: 'short' }), /SECRET_KEY/);
  });

  it('when several workers are asked without a database server, then it refuses', () => {
    assert.throws(() => loadConfig({ WORKERS: '2' }), /DATABASE_URL/);
  });
});
