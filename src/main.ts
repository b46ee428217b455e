// The composition root: configuration → adapters → core services → HTTP. This is the only module
// that chooses implementations; tests call `composePlatform` with some adapters swapped (a fake
// clock, an in-memory database, a gateway that fails). Run directly, it starts the platform.
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config/config.ts';
import { openDatabase, type DatabaseHandle } from './adapters/db/database.ts';
import { createStore } from './adapters/db/store.ts';
import { ReferenceCivilRegistry } from './adapters/registry/reference/reference-registry.ts';
import { demoIdentities } from './adapters/registry/reference/population.ts';
import { ReferenceSmsGateway } from './adapters/sms/reference-sms-gateway.ts';
import { ReferenceEmailSender } from './adapters/email/reference-email-sender.ts';
import { Argon2PasswordHasher } from './adapters/passwords/argon2-hasher.ts';
import { systemClock } from './core/clock.ts';
import { Secrets } from './core/secrets.ts';
import { AuditLog } from './core/audit/audit-log.ts';
import { Notifier } from './core/notices/notifier.ts';
import { OtpService } from './core/otp/otp-service.ts';
import { OutboxWorker } from './core/outbox/outbox-worker.ts';
import { CaptchaService } from './core/captcha/captcha-service.ts';
import { RegistrationService } from './core/flows/registration/service.ts';
import { LoginService } from './core/flows/login/service.ts';
import { PasswordResetService } from './core/flows/password-reset/service.ts';
import { UsernameReminderService } from './core/flows/username-reminder/service.ts';
import { SessionService } from './core/sessions/session-service.ts';
import { LockoutPolicy } from './core/sessions/lockout-policy.ts';
import { AccountService } from './core/account/account-service.ts';
import { MobileChangeService } from './core/flows/mobile-change/service.ts';
import { EmailChangeService } from './core/flows/email-change/service.ts';
import { PasswordChangeService } from './core/account/password-change.ts';
import { LanguageChangeService } from './core/account/language-change.ts';
import { DbAttemptCounters } from './adapters/db/db-counters.ts';
import { openRedisCounters, type RedisAttemptCounters } from './adapters/redis/redis-counters.ts';
import { sweepExpired } from './core/housekeeping.ts';
import { passwordPolicies } from './core/identity/password-policy.ts';
import type { AttemptCounters, Clock, CivilRegistry, EmailSender, SmsGateway } from './core/ports.ts';
import type { Store } from './core/store.ts';
import type { PasswordHasher } from './core/passwords.ts';
import { translate } from './i18n/i18n.ts';
import { buildHttpApp } from './http/app.ts';
import { Metrics } from './http/ops/metrics.ts';
import { createLogger } from './logging.ts';

/** Adapters a caller may supply instead of the ones configuration would choose. */
export type PlatformOverrides = {
  clock?: Clock;
  database?: DatabaseHandle;
  registry?: CivilRegistry;
  sms?: SmsGateway;
  email?: EmailSender;
  hasher?: PasswordHasher;
  counters?: AttemptCounters;
  logger?: Logger | false;
  /** Start the outbox poller and housekeeping timers (default true). */
  background?: boolean;
};

export type Platform = Awaited<ReturnType<typeof composePlatform>>;

export async function composePlatform(config: Config, overrides: PlatformOverrides = {}) {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger === undefined ? createLogger(config) : overrides.logger;
  const database =
    overrides.database ??
    (await openDatabase(
      config.database.url
        ? { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
        : { kind: 'pglite', dataDir: config.database.dataDir },
    ));
  const store: Store = createStore(database.db);
  const secrets = new Secrets(config.secretKey);

  const referenceRegistry = overrides.registry ? null : new ReferenceCivilRegistry({ seed: config.registry.seed, size: config.registry.population, clock });
  const registry: CivilRegistry = overrides.registry ?? referenceRegistry!;
  const referenceSms = new ReferenceSmsGateway(database.db, clock);
  const referenceEmail = new ReferenceEmailSender(database.db, clock);
  const sms = overrides.sms ?? referenceSms;
  const email = overrides.email ?? referenceEmail;
  const hasher = overrides.hasher ?? new Argon2PasswordHasher();
  const dbCounters = new DbAttemptCounters(database.db);
  const redisCounters: RedisAttemptCounters | null =
    !overrides.counters && config.redisUrl
      ? await openRedisCounters(config.redisUrl, {
          prefix: config.redisKeyPrefix,
          onError: (error) => (logger ? logger.warn({ err: error }, 'redis counters: connection error') : undefined),
        })
      : null;
  const counters: AttemptCounters = overrides.counters ?? redisCounters ?? dbCounters;

  const metrics = new Metrics({ defaults: overrides.background !== false });
  const notifier = new Notifier(clock);
  const audit = new AuditLog(secrets, clock);
  const otp = new OtpService(secrets, clock, notifier);
  const outbox = new OutboxWorker({
    store,
    clock,
    sms,
    email,
    render: translate,
    onDelivery: (channel, outcome) => metrics.outboxDeliveries.inc({ channel, outcome }),
    onError: (error) => (logger ? logger.error({ err: error }, 'outbox pass failed') : undefined),
  });
  const captcha = new CaptchaService({ captchas: store.captchas, secrets, clock });
  const registration = new RegistrationService({
    store,
    clock,
    registry,
    hasher,
    otp,
    audit,
    notifier,
    captcha,
    passwordPolicy: passwordPolicies[config.passwordPolicy],
    minimumAge: config.minimumAge,
    termsVersion: config.termsVersion,
    wakeOutbox: () => outbox.kick(),
  });
  const sessions = new SessionService(store, clock, audit);
  const login = new LoginService({
    store,
    clock,
    hasher,
    otp,
    audit,
    captcha,
    sessions,
    lockouts: new LockoutPolicy(clock),
    counters,
    wakeOutbox: () => outbox.kick(),
  });
  const account = new AccountService(store);
  const changeDependencies = { store, clock, otp, audit, notifier, wakeOutbox: () => outbox.kick() };
  const accountChanges = {
    mobile: new MobileChangeService(changeDependencies),
    email: new EmailChangeService(changeDependencies),
    password: new PasswordChangeService({
      ...changeDependencies,
      hasher,
      sessions,
      lockouts: new LockoutPolicy(clock),
      passwordPolicy: passwordPolicies[config.passwordPolicy],
    }),
    language: new LanguageChangeService(changeDependencies),
  };
  const passwordReset = new PasswordResetService({
    store,
    clock,
    registry,
    hasher,
    otp,
    audit,
    notifier,
    captcha,
    counters,
    sessions,
    lockouts: new LockoutPolicy(clock),
    passwordPolicy: passwordPolicies[config.passwordPolicy],
    wakeOutbox: () => outbox.kick(),
  });
  const usernameReminder = new UsernameReminderService({ store, clock, otp, audit, notifier, captcha, counters, wakeOutbox: () => outbox.kick() });

  const app = await buildHttpApp(
    {
      registration,
      login,
      passwordReset,
      usernameReminder,
      sessions,
      account,
      accountChanges,
      captcha,
      counters,
      clock,
      metrics,
      termsVersion: config.termsVersion,
      minimumAge: config.minimumAge,
      publicUrl: config.publicUrl,
      production: config.environment === 'production',
      rateLimits: config.rateLimits,
      readiness: () => database.ping(),
      ...(config.devRoutes
        ? {
            dev: {
              store,
              registry,
              smsInbox: (to: string) => referenceSms.inbox(to),
              emailInbox: (to: string) => referenceEmail.inbox(to),
              captchaAnswer: async (id: string) => captcha.revealAnswer(id),
            },
          }
        : {}),
    },
    logger || undefined,
  );

  let housekeepingTimer: NodeJS.Timeout | null = null;
  const housekeeping = async () => {
    await sweepExpired(store, clock);
    await dbCounters.deleteExpired(clock.now());
  };
  if (overrides.background !== false) {
    outbox.start(config.outboxPollMs);
    housekeepingTimer = setInterval(() => {
      housekeeping().catch((error: unknown) => (logger ? logger.error({ err: error }, 'housekeeping failed') : undefined));
    }, 60_000);
    housekeepingTimer.unref();
  }

  return {
    config,
    app,
    clock,
    store,
    database,
    registry,
    referenceRegistry,
    referenceSms,
    referenceEmail,
    outbox,
    registration,
    login,
    sessions,
    counters,
    captcha,
    audit,
    metrics,
    housekeeping,
    async close(): Promise<void> {
      if (housekeepingTimer) clearInterval(housekeepingTimer);
      await app.close();
      await outbox.stop();
      await redisCounters?.close();
      if (!overrides.database) await database.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await composePlatform(config);
  await platform.app.listen({ host: config.host, port: config.port });
  const shutdown = async (signal: string) => {
    platform.app.log.info({ signal }, 'shutting down');
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function printWelcome(platform: Platform): Promise<void> {
  const lines = [`\nAbsher is up at ${platform.config.publicUrl}  (database: ${platform.database.kind})`];
  if (platform.referenceRegistry) {
    const demo = demoIdentities(await platform.referenceRegistry.listPeople({ limit: 500 }), { today: platform.clock.now(), minimumAge: platform.config.minimumAge });
    lines.push('Identities to try (reference civil registry):');
    for (const [label, person] of Object.entries(demo.eligible)) {
      if (person) lines.push(`  ${label.padEnd(12)} ${person.idNumber}  ${person.nameEn}`);
    }
    lines.push('Cannot register (edge cases):');
    for (const [label, person] of Object.entries(demo.ineligible)) {
      if (person) lines.push(`  ${label.padEnd(20)} ${person.idNumber}  ${person.nameEn}`);
    }
  }
  if (platform.config.devRoutes) lines.push(`SMS codes: ${platform.config.publicUrl}/dev/sms?to=%2B9665XXXXXXXX   People: ${platform.config.publicUrl}/dev/people`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`Absher failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
