// `npm run verify-id -- <token or verify URL> [--keys <file or URL>] [--fetch-keys <URL> --save <file>] [--at <ISO time>]`:
// the offline digital ID verifier. It checks a token's signature, issuer and validity window with
// the platform's published public keys only — a keys file saved once from
// /.well-known/absher-id-keys.json (no network needed afterwards), or fetched from a URL.
// Exit codes: 0 valid, 1 not valid (the reason is printed), 2 bad usage or unreadable keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { verifyDigitalIdToken, type PublicKeyDocument, type VerifyOutcome } from '../core/digital-id/token.ts';

export const wellKnownKeysPath = '/.well-known/absher-id-keys.json';

export function parseKeyDocument(text: string): PublicKeyDocument {
  const parsed = JSON.parse(text) as Partial<PublicKeyDocument>;
  if (typeof parsed.issuer !== 'string' || !Array.isArray(parsed.keys)) throw new Error('not an Absher ID keys document (issuer and keys expected)');
  for (const key of parsed.keys) {
    if (typeof key !== 'object' || key === null || 'd' in key) throw new Error('the keys document must hold public keys only');
  }
  return parsed as PublicKeyDocument;
}

async function loadKeys(source: string): Promise<PublicKeyDocument> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`keys download failed: HTTP ${response.status}`);
    return parseKeyDocument(await response.text());
  }
  return parseKeyDocument(readFileSync(source, 'utf8'));
}

export function describeOutcome(outcome: VerifyOutcome): string {
  if (!outcome.valid) return `NOT VALID: ${outcome.reason}`;
  const { claims } = outcome;
  return [
    'VALID digital ID',
    `  name:            ${claims.name_en} / ${claims.name_ar}`,
    `  number:          ${claims.id_masked} (${claims.id_kind})`,
    `  nationality:     ${claims.nationality}`,
    `  birth date:      ${claims.birth_date}`,
    `  document expiry: ${claims.document_expiry}`,
    `  code valid:      ${outcome.issuedAt.toISOString()} – ${outcome.expiresAt.toISOString()} (key ${outcome.keyId})`,
  ].join('\n');
}

type Arguments = { token?: string; keys?: string; fetchKeys?: string; save?: string; at?: Date };

function parseArguments(argv: readonly string[]): Arguments {
  const result: Arguments = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[(index += 1)];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === '--keys') result.keys = value();
    else if (argument === '--fetch-keys') result.fetchKeys = value();
    else if (argument === '--save') result.save = value();
    else if (argument === '--at') {
      const at = new Date(value());
      if (Number.isNaN(at.getTime())) throw new Error('--at needs an ISO date-time');
      result.at = at;
    } else if (argument.startsWith('--')) throw new Error(`unknown option ${argument}`);
    else result.token = argument;
  }
  return result;
}

const usage = 'usage: npm run verify-id -- <token or verify URL> --keys <keys file or URL>\n       npm run verify-id -- --fetch-keys <platform URL> --save <keys file>';

/** Runs the verifier; returns the exit code. */
export async function run(argv: readonly string[], write: (text: string) => void): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (args.fetchKeys) {
    if (!args.save) {
      write(`--fetch-keys needs --save <file>\n${usage}\n`);
      return 2;
    }
    const url = new URL(wellKnownKeysPath, args.fetchKeys).toString();
    try {
      const document = await loadKeys(url);
      writeFileSync(args.save, `${JSON.stringify(document, null, 2)}\n`);
      write(`saved ${document.keys.length} public key(s) of ${document.issuer} to ${args.save}\n`);
      return 0;
    } catch (error) {
      write(`could not fetch the keys: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  if (!args.token) {
    write(`${usage}\n`);
    return 2;
  }
  // Without --keys, a verify URL names its own platform's published keys.
  const source = args.keys ?? (/^https?:\/\//.test(args.token) ? new URL(wellKnownKeysPath, args.token).toString() : undefined);
  if (!source) {
    write(`a bare token needs --keys <keys file or URL>\n${usage}\n`);
    return 2;
  }
  let keys: PublicKeyDocument;
  try {
    keys = await loadKeys(source);
  } catch (error) {
    write(`could not read the keys: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const outcome = await verifyDigitalIdToken(args.token, keys, args.at ?? new Date());
  write(`${describeOutcome(outcome)}\n`);
  return outcome.valid ? 0 : 1;
}

if (import.meta.main) {
  run(process.argv.slice(2), (text) => process.stdout.write(text)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`verify-id failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
