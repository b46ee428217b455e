// `npm run backoffice:admin -- create-admin <username> "<full name>"`: creates the first back-office
// administrator (who then adds the other officers in /backoffice/officers) and prints, once, the
// generated password, the TOTP secret, its otpauth:// URI and a QR code to scan. Refuses when an
// administrator exists already unless `--another` is given. Outside production,
// `npm run backoffice:admin -- code demo.<role>` prints a demo officer's current TOTP code (derived
// from the development secret, so it needs no database and can run beside `npm start`).
// Uses the same configuration as the server (DATABASE_URL or the PGlite data directory).
import QRCode from 'qrcode';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../adapters/db/database.ts';
import { createBackofficeStore } from '../adapters/db/backoffice-repositories.ts';
import { Argon2PasswordHasher } from '../adapters/passwords/argon2-hasher.ts';
import { AuditLog } from '../core/audit/audit-log.ts';
import { Secrets } from '../core/secrets.ts';
import { systemClock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { createOfficerRecord, type NewOfficerCredentials } from '../core/backoffice/service.ts';
import { totpCode } from '../core/backoffice/totp.ts';
import { demoOfficerCredentials } from '../core/backoffice/demo-officers.ts';
import { translate } from '../i18n/i18n.ts';

export type AdminCommand =
  | { kind: 'create-admin'; username: string; displayName: string; another: boolean }
  | { kind: 'code'; username: string }
  | { kind: 'help' };

export function parseArguments(args: string[]): AdminCommand {
  const another = args.includes('--another');
  const [command, ...rest] = args.filter((arg) => arg !== '--another');
  if (command === 'create-admin' && rest.length >= 1) return { kind: 'create-admin', username: rest[0]!, displayName: rest.slice(1).join(' ') || rest[0]!, another };
  if (command === 'code' && rest.length === 1) return { kind: 'code', username: rest[0]! };
  return { kind: 'help' };
}

/** Creates an administrator in an open database; refuses when one exists and `another` is false. */
export async function createAdmin(database: DatabaseHandle, secretKey: string, command: { username: string; displayName: string; another: boolean }): Promise<NewOfficerCredentials> {
  const store = createBackofficeStore(database.db, new Secrets(secretKey).sealer('totp_seal'));
  const admins = (await store.officers.list()).filter((officer) => officer.role === 'admin' && officer.status === 'active');
  if (admins.length > 0 && !command.another) {
    throw new Error(`an administrator exists already (${admins.map((admin) => admin.username).join(', ')}); add officers in /backoffice/officers, or pass --another`);
  }
  return createOfficerRecord(
    { store, clock: systemClock, audit: new AuditLog(new Secrets(secretKey), systemClock), hasher: new Argon2PasswordHasher() },
    { username: command.username, displayName: command.displayName, role: 'admin' },
    'system:cli',
  );
}

const usage = `usage:
  npm run backoffice:admin -- create-admin <username> "<full name>" [--another]
  npm run backoffice:admin -- code demo.<role>         (outside production: a demo officer's current TOTP code)
`;

async function main(): Promise<void> {
  const command = parseArguments(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(usage);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  if (command.kind === 'code') {
    const demo = demoOfficerCredentials(config.secretKey).find((officer) => officer.username === command.username.toLowerCase());
    if (config.environment === 'production' || !demo) {
      process.stderr.write(`backoffice:admin: codes are only shown for the demo officers (${demoOfficerCredentials('x').map((officer) => officer.username).join(', ')}), outside production\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${totpCode(demo.totpSecret, new Date())}\n`);
    return;
  }
  const database = await openDatabase(
    config.database.url ? { kind: 'postgres', url: config.database.url, poolSize: 2 } : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    const created = await createAdmin(database, config.secretKey, command);
    const qr = await QRCode.toString(created.totpUri, { type: 'terminal', small: true });
    process.stdout.write(
      [
        `Administrator ${created.officer.username} created. Shown once — give it to them in person:`,
        `  password     ${created.password}`,
        `  TOTP secret  ${created.totpSecret}`,
        `  TOTP URI     ${created.totpUri}`,
        'Scan with an authenticator app:',
        qr,
        `Sign in at ${config.publicUrl}/backoffice/login`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    const message =
      error instanceof AppError
        ? Object.values(error.details.fields ?? {})
            .flat()
            .map((field) => translate('en', field.code))
            .join(' ') || translate('en', error.code)
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`backoffice:admin: ${message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`backoffice:admin failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
