// `npm run clients -- <command>`: the OpenID client registry and the provider's signing keys.
//   list · show <id> · remove <id>
//   register --id <id> --kind portal|bank|kiosk [--partner <code>] --name <name> [--redirect-uri <url>]…
//            [--post-logout-uri <url>]… [--backchannel-logout-uri <url>] --scope <scope>…
//            [--auth client_secret_basic|private_key_jwt] [--jwks <file or JSON>] [--fapi on|off]
//   update <id> [any option above] [--rotate-secret]
//   keys list · keys rotate · keys retire <generation>
// A new client_secret_basic secret is generated and printed once (only its sealed form is stored).
// Key rotation adds a generation that signs from the next start; older ones verify until retired.
// Uses the same configuration as the server (DATABASE_URL or the PGlite data directory).
import { Secrets } from '../core/secrets.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../adapters/db/database.ts';
import { systemClock } from '../core/clock.ts';
import type { Clock } from '../core/ports.ts';
import { SigningKeyStore } from '../oidc/signing-keys.ts';
import { ClientRegistry, ClientValidationError, type ClientInput, type ClientRecord } from '../oidc/client-registry.ts';

export type ClientsCommandContext = { clients: ClientRegistry; keys: SigningKeyStore; clock: Clock; print: (line: string) => void };

const options = {
  id: { type: 'string' },
  kind: { type: 'string' },
  partner: { type: 'string' },
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-uri': { type: 'string', multiple: true },
  'backchannel-logout-uri': { type: 'string' },
  scope: { type: 'string', multiple: true },
  auth: { type: 'string' },
  jwks: { type: 'string' },
  fapi: { type: 'string' },
  secret: { type: 'string' },
  'rotate-secret': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs one command; returns the exit code. */
export async function runClientsCommand(argv: string[], context: ClientsCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, argument] = positionals;
  const { clients, keys, clock, print } = context;
  try {
    switch (command) {
      case 'list': {
        for (const record of await clients.list()) print(summary(record));
        return 0;
      }
      case 'show': {
        const record = await clients.get(required(argument, 'client id'));
        if (!record) return notFound(print, argument!);
        print(JSON.stringify(record, null, 2));
        return 0;
      }
      case 'register': {
        const input = fromOptions(values, null);
        if (input.authMethod === 'client_secret_basic') input.secret = values.secret ?? newSecret();
        if (!(await clients.register(input))) {
          print(`a client with id ${input.clientId} already exists`);
          return 1;
        }
        print(`registered ${input.clientId}`);
        if (input.secret && !values.secret) print(`client secret (shown once): ${input.secret}`);
        return 0;
      }
      case 'update': {
        const clientId = required(argument ?? values.id, 'client id');
        let printedSecret: string | null = null;
        const updated = await clients.update(clientId, (current) => {
          const next = fromOptions(values, current);
          if (next.authMethod !== 'client_secret_basic') next.secret = null;
          else if (values['rotate-secret'] || !current.secret) next.secret = values.secret ?? (printedSecret = newSecret());
          else next.secret = values.secret ?? current.secret;
          return next;
        });
        if (!updated) return notFound(print, clientId);
        print(`updated ${clientId}`);
        if (printedSecret) print(`client secret (shown once): ${printedSecret}`);
        return 0;
      }
      case 'remove': {
        const clientId = required(argument, 'client id');
        if (!(await clients.remove(clientId))) return notFound(print, clientId);
        print(`removed ${clientId}`);
        return 0;
      }
      case 'keys':
        return await keysCommand(argument, positionals[2], keys, clock, print);
      default:
        throw new UsageError('commands: list, show <id>, register, update <id>, remove <id>, keys list|rotate|retire <generation>');
    }
  } catch (error) {
    if (error instanceof ClientValidationError || error instanceof UsageError) {
      print(error.message);
      return 2;
    }
    throw error;
  }
}

async function keysCommand(action: string | undefined, argument: string | undefined, keys: SigningKeyStore, clock: Clock, print: (line: string) => void): Promise<number> {
  if (action === 'list') {
    for (const generation of await keys.list()) {
      const state = generation.retiredAt ? `retired ${generation.retiredAt.toISOString()}` : 'live';
      print(`generation ${generation.generation}  ${state}  created ${generation.createdAt.toISOString()}  kids ${generation.kids.join(', ')}`);
    }
    return 0;
  }
  if (action === 'rotate') {
    const generation = await keys.rotate(clock.now());
    print(`generation ${generation.generation} created (kids ${generation.kids.join(', ')}); it signs after the next restart, older generations keep verifying until retired`);
    return 0;
  }
  if (action === 'retire') {
    const generation = Number(argument);
    if (!Number.isInteger(generation) || generation < 1) throw new UsageError('keys retire <generation number>');
    const outcome = await keys.retire(generation, clock.now());
    if (outcome === 'newest') print('the newest live generation signs: rotate first, then retire the old one');
    else if (outcome === 'unknown') print(`no live generation ${generation}`);
    else print(`generation ${generation} retired: it leaves the published keys at the next restart`);
    return outcome === 'retired' ? 0 : 1;
  }
  throw new UsageError('keys list | keys rotate | keys retire <generation>');
}

function fromOptions(values: Values, current: ClientInput | null): ClientInput {
  const kind = (values.kind ?? current?.kind) as ClientInput['kind'] | undefined;
  const clientId = values.id ?? current?.clientId;
  const fapi = values.fapi === undefined ? (current?.fapi ?? false) : parseSwitch(values.fapi);
  const authMethod = (values.auth ?? current?.authMethod ?? (fapi ? 'private_key_jwt' : 'client_secret_basic')) as ClientInput['authMethod'];
  return {
    clientId: required(clientId, '--id'),
    kind: required(kind, '--kind'),
    partner: values.partner ?? current?.partner ?? null,
    name: required(values.name ?? current?.name, '--name'),
    redirectUris: values['redirect-uri'] ?? current?.redirectUris ?? [],
    postLogoutRedirectUris: values['post-logout-uri'] ?? current?.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: values['backchannel-logout-uri'] ?? current?.backchannelLogoutUri ?? null,
    scopes: (values.scope ?? current?.scopes ?? []).flatMap((scope) => scope.split(/[\s,]+/)).filter(Boolean),
    authMethod,
    jwks: values.jwks ? readJwks(values.jwks) : (current?.jwks ?? null),
    fapi,
    secret: current?.secret ?? null,
  };
}

function readJwks(value: string): { keys: JWK[] } {
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  try {
    const parsed = JSON.parse(text) as { keys?: JWK[] } | JWK;
    return 'keys' in parsed && Array.isArray(parsed.keys) ? { keys: parsed.keys } : { keys: [parsed as JWK] };
  } catch {
    throw new UsageError('--jwks must be a JWKS (or one JWK) as JSON or a file holding it');
  }
}

function parseSwitch(value: string): boolean {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new UsageError('--fapi on|off');
}

function required<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || value === '') throw new UsageError(`${name} is required`);
  return value;
}

function notFound(print: (line: string) => void, clientId: string): number {
  print(`no client ${clientId}`);
  return 1;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function summary(record: ClientRecord): string {
  const who = record.partner ? `${record.kind}:${record.partner}` : record.kind;
  return [record.clientId.padEnd(24), who.padEnd(24), record.authMethod.padEnd(20), record.fapi ? 'FAPI2' : '     ', record.scopes.join(' '), record.redirectUris.join(' ')].join(' ');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    config.database.url ? { kind: 'postgres', url: config.database.url, poolSize: 2 } : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    const sealer = new Secrets(config.secretKey).sealer('oidc_seal');
    const code = await runClientsCommand(process.argv.slice(2), {
      clients: new ClientRegistry(database.db, { clock: systemClock, sealer }),
      keys: new SigningKeyStore(database.db, sealer),
      clock: systemClock,
      print: (line) => process.stdout.write(`${line}\n`),
    });
    process.exitCode = code;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`clients: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
