import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use: DATABASE_URL_TEST, else the CI server on 127.0.0.1:5432. */
export const testDatabaseUrl = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How to run the PostgreSQL tests; printed when they are skipped. */
export const howToRunPostgresTests =
  'PostgreSQL tests skipped: no server at ' +
  testDatabaseUrl.replace(/\/\/[^@/]*@/, '//') +
  '. Start one (e.g. docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16) or set DATABASE_URL_TEST.';

/**
 * True when the test server answers. Without it, tests skip with a line saying how to run them; with CI set
 * they fail instead, so CI can never pass by skipping them.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`CI is set but PostgreSQL is unreachable at ${testDatabaseUrl}: ${String(error)}`);
    console.warn(howToRunPostgresTests);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name for one test run; `dropSchema` removes it and everything in it. */
export function newSchemaName(prefix = 'brief_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
