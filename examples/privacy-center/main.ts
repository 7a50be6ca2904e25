/**
 * The privacy-center reference app: `npm run privacy-center`. SQLite by default (a new file in a
 * temporary folder), PostgreSQL when PRIVACY_CENTER_DATABASE_URL is set (the demo resets its own
 * schema, PRIVACY_CENTER_SCHEMA, default privacy_center_demo). PORT picks the port (default 8080).
 * Sign in as cust-r1 (a customer) or staff-1 (staff); the one-time code is printed here, as a demo.
 */
import { createPrivacyCenter } from './app.js';

const url = process.env.PRIVACY_CENTER_DATABASE_URL;
const center = await createPrivacyCenter({
  ...(url ? { databaseUrl: url } : {}),
  ...(process.env.PRIVACY_CENTER_SCHEMA ? { schema: process.env.PRIVACY_CENTER_SCHEMA } : {}),
});
const base = await center.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
console.log(`Privacy center (${center.backend.kind}) at ${base}/  — sign in as cust-r1 or staff-1`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void center.close().then(() => process.exit(0));
  });
