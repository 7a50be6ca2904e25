// Connection settings for the stores tests: the environment (a developer's own servers), else
// .tmp/services.env written by `.ci/services.sh start`. Missing services fail the tests loudly.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migratePostgres } from '../../src/stores/index.js';

const ENV_FILE = fileURLToPath(new URL('../../.tmp/services.env', import.meta.url));

function fromFile(): Record<string, string> {
  if (!existsSync(ENV_FILE)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** A service setting; throws (fails the test) when neither the environment nor the file has it. */
export function setting(name: string): string {
  const v = process.env[name] ?? fromFile()[name];
  if (!v) {
    throw new Error(
      `${name} is not set. Start the test services with \`bash .ci/services.sh start\` (writes .tmp/services.env), or export ${name} to point at your own server. These tests never skip.`,
    );
  }
  return v;
}

/** PKCS#11 settings for the SoftHSM2 (or other) token. */
export function pkcs11Settings(): { library: string; token: string; pin: string } {
  const conf = process.env.SOFTHSM2_CONF ?? fromFile().SOFTHSM2_CONF;
  if (conf) process.env.SOFTHSM2_CONF = conf;
  return {
    library: setting('COURIER_PII_PKCS11_LIB'),
    token: setting('COURIER_PII_PKCS11_TOKEN'),
    pin: setting('COURIER_PII_PKCS11_PIN'),
  };
}

export function pgUrl(): string {
  return setting('COURIER_PII_PG_URL');
}

let shared: pg.Pool | undefined;

/** One pool per test file. */
export function pool(): pg.Pool {
  shared ??= new pg.Pool({ connectionString: pgUrl(), max: 8 });
  return shared;
}

export async function endPool(): Promise<void> {
  const p = shared;
  shared = undefined;
  await p?.end();
}

let n = 0;
/** A new, migrated schema, so tests never see each other's rows. */
export async function freshSchema(): Promise<string> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${n++}`;
  await migratePostgres(pool(), { schema });
  return schema;
}
