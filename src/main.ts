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
import { ActivationService } from './core/activation/activation-service.ts';
import { ReferencePassportsSystem } from './adapters/passports/reference-passports.ts';
import { ReferenceCivilAffairsSystem } from './adapters/civil-affairs/reference-civil-affairs.ts';
import { DbDigitalIdKeyStore } from './adapters/digital-id/db-key-store.ts';
import { DigitalIdService } from './core/digital-id/digital-id-service.ts';
import { IdPhotoUploads } from './core/services/civil-affairs/national-id-renewal/photo-upload.ts';
import type { PassportsSystem } from './core/services/sectors/passports.ts';
import type { CivilAffairsSystem } from './core/services/sectors/civil-affairs.ts';
import { createActivationStore } from './adapters/db/activation-store.ts';
import { createBackofficeStore } from './adapters/db/backoffice-repositories.ts';
import { OfficerAuthService } from './core/backoffice/officer-auth.ts';
import { BackofficeService } from './core/backoffice/service.ts';
import { ensureDemoOfficers } from './core/backoffice/demo-officers.ts';
import { ActivationFormService } from './core/activation-form/service.ts';
import { CentreDirectory } from './core/activation-form/centres.ts';
import { ReferenceNafath } from './adapters/nafath/reference-nafath.ts';
import { NafathActivationService } from './core/flows/nafath-activation/service.ts';
import { DbAttemptCounters } from './adapters/db/db-counters.ts';
import { openRedisCounters, type RedisAttemptCounters } from './adapters/redis/redis-counters.ts';
import { sweepExpired } from './core/housekeeping.ts';
import { passwordPolicies } from './core/identity/password-policy.ts';
import type { AttemptCounters, Clock, CivilRegistry, EmailSender, SmsGateway } from './core/ports.ts';
import type { Store } from './core/store.ts';
import type { PasswordHasher } from './core/passwords.ts';
import { addMessages, translate } from './i18n/i18n.ts';
import { ReferenceTrafficSystem } from './adapters/traffic/reference-traffic.ts';
import { ReferencePaymentsSystem } from './adapters/payments/reference-payments.ts';
import { ReferencePostSystem } from './adapters/post/reference-post.ts';
import { createServiceStore } from './adapters/db/service-request-store.ts';
import { ServiceCatalogue } from './core/services/catalogue.ts';
import { allServices } from './core/services/services.ts';
import { RequestService } from './core/services/request-service.ts';
import { DashboardService } from './core/services/dashboard.ts';
import type { TrafficSystem } from './core/services/sectors/traffic.ts';
import type { PaymentsSystem } from './core/services/sectors/payments.ts';
import type { PostSystem } from './core/services/sectors/post.ts';
import { buildHttpApp } from './http/app.ts';
import { Metrics } from './http/ops/metrics.ts';
import { createLogger } from './logging.ts';
import { composeOidc } from './oidc/compose.ts';
import { providerPages } from './http/oidc/provider-pages.tsx';
import { sessionCookie } from './http/shared/session.ts';
import { startPortal, type RunningPortal } from '../portal/main.ts';
import { loadPortalConfig } from '../portal/config.ts';
import { demoClientSecret, demoPortalClientId } from './oidc/demo-clients.ts';
import { ReferenceFingerprints } from './adapters/registry/reference/fingerprints.ts';
import { createIdempotencyStore } from './adapters/db/partner-idempotency-store.ts';
import { IdempotentRequests } from './core/partners/idempotency.ts';
import { BankActivationService } from './core/partners/bank-activation.ts';
import { KioskService } from './core/partners/kiosk/service.ts';
import type { FingerprintMatcher } from './core/partners/fingerprints.ts';

/** Adapters a caller may supply instead of the ones configuration would choose. */
export type PlatformOverrides = {
  clock?: Clock;
  database?: DatabaseHandle;
  registry?: CivilRegistry;
  sms?: SmsGateway;
  email?: EmailSender;
  hasher?: PasswordHasher;
  counters?: AttemptCounters;
  passports?: PassportsSystem;
  civilAffairs?: CivilAffairsSystem;
  traffic?: TrafficSystem;
  payments?: PaymentsSystem;
  post?: PostSystem;
  fingerprints?: FingerprintMatcher;
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
    passwordPolicy: passwordPolicies[config.passwordPolicy],
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
  const activation = new ActivationService({ store: createActivationStore(database.db), clock, audit, notifier, wakeOutbox: () => outbox.kick() });
  const referenceNafath = new ReferenceNafath({ db: database.db, clock, registry, secret: config.secretKey });
  const nafathActivation = new NafathActivationService({ store, clock, nafath: referenceNafath, activation, audit, counters });
  // Passports and civil affairs: reference systems seeded from the registry's people (issue 6).
  const referencePassports = overrides.passports ? null : new ReferencePassportsSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
  const passports: PassportsSystem = overrides.passports ?? referencePassports!;
  const referenceCivilAffairs = overrides.civilAffairs ? null : new ReferenceCivilAffairsSystem({ db: database.db, registry, clock });
  const civilAffairs: CivilAffairsSystem = overrides.civilAffairs ?? referenceCivilAffairs!;
  const digitalId = new DigitalIdService({
    keys: new DbDigitalIdKeyStore(database.db),
    accounts: store.accounts,
    registry,
    passports,
    civilAffairs,
    secrets,
    clock,
    issuer: config.publicUrl,
  });
  const idPhotos = new IdPhotoUploads({ accounts: store.accounts, civilAffairs });
  // E-services (issue 6): traffic, payments (SADAD) and post reference systems, the catalogue, the request engine.
  const referenceTraffic = overrides.traffic ? null : new ReferenceTrafficSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
  const referencePayments = overrides.payments ? null : new ReferencePaymentsSystem({ db: database.db, clock });
  const referencePost = overrides.post ? null : new ReferencePostSystem({ db: database.db, registry, clock });
  const serviceSystems = {
    registry,
    passports,
    civilAffairs,
    traffic: overrides.traffic ?? referenceTraffic!,
    payments: overrides.payments ?? referencePayments!,
    post: overrides.post ?? referencePost!,
  };
  const serviceCatalogue = new ServiceCatalogue(allServices);
  serviceCatalogue.registerTexts(addMessages);
  const serviceStore = createServiceStore(database.db);
  const services = new RequestService({ store: serviceStore, accounts: store.accounts, catalogue: serviceCatalogue, systems: serviceSystems, clock, notifier, wakeOutbox: () => outbox.kick() });
  serviceSystems.payments.onPaid(async (notice) => {
    await services.onPaidNotice(notice);
  });
  const dashboard = new DashboardService({ store, services: serviceStore, registry });
  // The back office, the printed activation form and the centres directory (issue 5, office).
  const backofficeStore = createBackofficeStore(database.db, secrets.sealer('totp_seal'));
  const backofficeDependencies = { store: backofficeStore, clock, audit, notifier, registry, counters, hasher, activation, wakeOutbox: () => outbox.kick() };
  const backoffice = {
    auth: new OfficerAuthService({ store: backofficeStore, clock, hasher, audit, lockouts: new LockoutPolicy(clock) }),
    service: new BackofficeService(backofficeDependencies),
    activationForms: new ActivationFormService({ store: backofficeStore, clock, audit, registry }),
    centres: new CentreDirectory(),
  };
  const demoOfficers = config.environment === 'development' ? await ensureDemoOfficers(backofficeDependencies, config.secretKey) : [];
  // Single sign-on (issue 4): the OpenID Provider, its client registry and the partner token verifier.
  const oidc = await composeOidc({ config, db: database.db, clock, accounts: store.accounts, registry, sessions, sessionCookie, pages: providerPages(), logger,
    recordAudit: (event) => store.transaction((tx) => audit.append(tx.audit, event)),
  });
  // Banks and kiosk devices (issue 5): the partner API and, outside production, its simulators.
  const referenceFingerprints = new ReferenceFingerprints({ registry, seed: config.registry.seed });
  const partnerIdempotency = new IdempotentRequests(createIdempotencyStore(database.db), clock);
  const partners = {
    bankActivation: new BankActivationService({ store, registry, activation, audit, clock, minimumAge: config.minimumAge }),
    kiosk: new KioskService({
      store,
      clock,
      registry,
      fingerprints: overrides.fingerprints ?? referenceFingerprints,
      counters,
      otp,
      audit,
      notifier,
      hasher,
      activation,
      passwordPolicy: passwordPolicies[config.passwordPolicy],
      termsVersion: config.termsVersion,
      minimumAge: config.minimumAge,
      wakeOutbox: () => outbox.kick(),
    }),
    idempotency: partnerIdempotency,
    ...(config.devRoutes
      ? {
          dev: {
            clientSecret: (clientId: string) => demoClientSecret(config.secretKey, clientId),
            presentFinger: (idNumber: string, finger: 'matching' | 'wrong') => referenceFingerprints.present(idNumber, finger),
          },
        }
      : {}),
  };

  const app = await buildHttpApp(
    {
      registration,
      login,
      passwordReset,
      usernameReminder,
      sessions,
      account,
      accountChanges,
      activation,
      nafathActivation,
      digitalId,
      idPhotos,
      services,
      dashboard,
      captcha,
      counters,
      clock,
      metrics,
      backoffice,
      oidc: oidc.http,
      partnerTokens: oidc.partnerTokens,
      partners,
      termsVersion: config.termsVersion,
      minimumAge: config.minimumAge,
      passwordPolicy: passwordPolicies[config.passwordPolicy],
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
              nafathApp: referenceNafath,
            },
          }
        : {}),
    },
    logger || undefined,
  );
  // The reference Nafath pushes its signed callbacks to the platform's own endpoint, over HTTP semantics.
  referenceNafath.connect(async (token) => {
    const answer = await app.inject({ method: 'POST', url: '/api/v1/nafath/callback', payload: { token } });
    if (answer.statusCode >= 300) throw new Error(`callback refused with ${answer.statusCode}`);
  });

  let housekeepingTimer: NodeJS.Timeout | null = null;
  const housekeeping = async () => {
    await sweepExpired(store, clock);
    await dbCounters.deleteExpired(clock.now());
    await referenceNafath.sweep();
    await oidc.sweep(clock.now());
    await partnerIdempotency.purgeExpired();
    await referencePayments?.deliverPending();
    await services.sweep();
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
    referenceFingerprints,
    partners,
    referenceSms,
    referenceEmail,
    outbox,
    registration,
    login,
    sessions,
    counters,
    captcha,
    audit,
    activation,
    nafathActivation,
    referenceNafath,
    passports,
    civilAffairs,
    referencePassports,
    referenceCivilAffairs,
    digitalId,
    services,
    dashboard,
    serviceSystems,
    referenceTraffic,
    referencePayments,
    referencePost,
    backoffice,
    backofficeStore,
    demoOfficers,
    oidc,
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
  // The digital ID signing key is made on first start (and kept in the database), before any request.
  await platform.digitalId.publicKeys();
  await platform.app.listen({ host: config.host, port: config.port });
  // The demo national portal (development only): its own app on PORTAL_PORT (3001), signing in through
  // /oidc with the demo client's derived secret; it retries discovery until the provider answers.
  // A portal that cannot start (its port taken) is reported and the platform runs on without it.
  const portal: RunningPortal | null =
    config.environment === 'production'
      ? null
      : await startPortal(loadPortalConfig(undefined, { issuer: `${config.publicUrl}/oidc`, clientSecret: demoClientSecret(config.secretKey, demoPortalClientId) }), {
          logger: platform.app.log,
        }).catch((error: unknown) => {
          platform.app.log.warn({ err: error }, 'the demo national portal did not start');
          return null;
        });
  await printWelcome(platform, portal?.url);
  if (platform.demoOfficers.length > 0) process.stdout.write(backofficeDemoBanner(platform));
  const shutdown = async (signal: string) => {
    platform.app.log.info({ signal }, 'shutting down');
    await portal?.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Development only: the demo back-office officers, with their passwords and TOTP secrets. */
function backofficeDemoBanner(platform: Platform): string {
  const lines = [`\nBack office: ${platform.config.publicUrl}/backoffice  (development demo officers; add the TOTP secret to an authenticator app)`];
  for (const officer of platform.demoOfficers) {
    lines.push(`  ${officer.role.padEnd(11)} ${officer.username.padEnd(16)} password ${officer.password}  TOTP secret ${officer.totpSecret}`);
  }
  lines.push(`  TOTP codes without an app: npm run backoffice:admin -- code demo.officer`);
  return `${lines.join('\n')}\n\n`;
}

async function printWelcome(platform: Platform, portalUrl?: string): Promise<void> {
  const lines = [`\nAbsher is up at ${platform.config.publicUrl}  (database: ${platform.database.kind})`];
  if (portalUrl) lines.push(`Demo national portal ("sign in with Absher"): ${portalUrl}`);
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
