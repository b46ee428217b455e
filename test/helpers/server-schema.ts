// A fresh schema per test file on the PostgreSQL server. Guarantees: test files running at the same
// time never see each other's half-dropped schema. Kysely's migrator reads the whole catalogue
// (every schema's tables) and fails with "schema … does not exist" when another file drops its schema
// during that read; so migrating holds a shared advisory lock and dropping an exclusive one.
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/adapters/db/database.ts';

/** One advisory lock key for the whole test suite (any constant the application never takes). */
const schemaLifecycleLock = 7_420_031;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a new schema and opens `count` migrated handles on it, one after the other. */
export async function openServerSchema(url: string, poolSize: number, count = 1): Promise<{ schema: string; handles: DatabaseHandle[] }> {
  const schema = `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withClient(url, (admin) => admin.query(`create schema ${schema}`));
  const handles: DatabaseHandle[] = [];
  for (let index = 0; index < count; index += 1) handles.push(await openServerSchemaHandle(url, schema, poolSize));
  return { schema, handles };
}

/** One more handle (a pool of its own, as another process would have) on an existing schema. */
export async function openServerSchemaHandle(url: string, schema: string, poolSize: number): Promise<DatabaseHandle> {
  return withClient(url, async (admin) => {
    await admin.query('select pg_advisory_lock_shared($1)', [schemaLifecycleLock]);
    try {
      return await openDatabase({ kind: 'postgres', url, poolSize, schema });
    } finally {
      await admin.query('select pg_advisory_unlock_shared($1)', [schemaLifecycleLock]);
    }
  });
}

/** Drops a schema made by `openServerSchema`, once no other file is migrating. */
export async function dropServerSchema(url: string, schema: string): Promise<void> {
  await withClient(url, async (cleaner) => {
    await cleaner.query('begin');
    await cleaner.query('select pg_advisory_xact_lock($1)', [schemaLifecycleLock]);
    await cleaner.query(`drop schema ${schema} cascade`);
    await cleaner.query('commit');
  });
}
