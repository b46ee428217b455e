// Typed configuration, validated once at boot. This module is the only reader of process.env.
// Guarantees: a production configuration never runs with a development secret or a reference
// (embedded) outside system; every value the rest of the code sees has already been checked.
import { z } from 'zod';

const DEV_SECRET = 'absher-development-secret-do-not-use-in-production';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('absher:c:'),
  SECRET_KEY: z.string().min(32).default(DEV_SECRET),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REGISTRY_POPULATION: z.coerce.number().int().min(50).max(2_000_000).default(2000),
  REGISTRY_SEED: z.coerce.number().int().default(20240101),
  MINIMUM_AGE: z.coerce.number().int().min(0).max(30).default(17),
  PASSWORD_POLICY: z.enum(['absher', 'nist']).default('absher'),
  TERMS_VERSION: z.string().default('2024-01'),
  SMS_ADAPTER: z.enum(['reference']).default('reference'),
  EMAIL_ADAPTER: z.enum(['reference']).default('reference'),
  REGISTRY_ADAPTER: z.enum(['reference']).default('reference'),
  NAFATH_ADAPTER: z.enum(['reference']).default('reference'),
  DEV_ROUTES: boolish.optional(),
  RATE_LIMITS: boolish.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  PORTAL_URL: z.url().default('http://localhost:3001'),
});

export type Config = {
  environment: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  database: { url: string | undefined; poolSize: number; dataDir: string };
  redisUrl: string | undefined;
  /** Prefix of the attempt counters' keys in Redis. */
  redisKeyPrefix: string;
  secretKey: string;
  logLevel: string;
  registry: { adapter: 'reference'; population: number; seed: number };
  sms: { adapter: 'reference' };
  email: { adapter: 'reference' };
  nafath: { adapter: 'reference' };
  minimumAge: number;
  passwordPolicy: 'absher' | 'nist';
  termsVersion: string;
  devRoutes: boolean;
  rateLimits: boolean;
  outboxPollMs: number;
  /** App processes to run (node:cluster); more than one needs a PostgreSQL server. */
  workers: number;
  /** Where the demo national portal runs (its redirect URIs in the development client data). */
  portalUrl: string;
};

export class ConfigError extends Error {}

/** Reads and validates configuration from an environment (process.env by default). */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(stripEmpty(environment));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const config: Config = {
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, dataDir: env.DATA_DIR },
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    secretKey: env.SECRET_KEY,
    logLevel: env.LOG_LEVEL,
    registry: { adapter: env.REGISTRY_ADAPTER, population: env.REGISTRY_POPULATION, seed: env.REGISTRY_SEED },
    sms: { adapter: env.SMS_ADAPTER },
    email: { adapter: env.EMAIL_ADAPTER },
    nafath: { adapter: env.NAFATH_ADAPTER },
    minimumAge: env.MINIMUM_AGE,
    passwordPolicy: env.PASSWORD_POLICY,
    termsVersion: env.TERMS_VERSION,
    devRoutes: env.DEV_ROUTES ?? !production,
    rateLimits: env.RATE_LIMITS,
    outboxPollMs: env.OUTBOX_POLL_MS,
    workers: env.WORKERS,
    portalUrl: env.PORTAL_URL.replace(/\/$/, ''),
  };
  if (config.workers > 1 && !config.database.url) {
    throw new ConfigError('WORKERS > 1 needs DATABASE_URL: embedded PGlite belongs to one process');
  }
  if (production) assertProductionReady(config);
  return config;
}

function assertProductionReady(config: Config): void {
  const refusals: string[] = [];
  if (config.secretKey === DEV_SECRET) refusals.push('SECRET_KEY is the development default');
  if (!config.database.url) refusals.push('DATABASE_URL is required (embedded PGlite never fsyncs)');
  if (config.devRoutes) refusals.push('DEV_ROUTES must be off');
  if (config.sms.adapter === 'reference') refusals.push('SMS_ADAPTER is the embedded reference gateway');
  if (config.email.adapter === 'reference') refusals.push('EMAIL_ADAPTER is the embedded reference sender');
  if (config.registry.adapter === 'reference') refusals.push('REGISTRY_ADAPTER is the embedded reference registry');
  if (config.nafath.adapter === 'reference') refusals.push('NAFATH_ADAPTER is the embedded reference Nafath');
  if (!config.publicUrl.startsWith('https://')) refusals.push('PUBLIC_URL must be https');
  if (refusals.length > 0) throw new ConfigError(`refusing to start in production: ${refusals.join('; ')}`);
}

function stripEmpty(environment: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== '') result[key] = value;
  }
  return result;
}
