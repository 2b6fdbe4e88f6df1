import type { DataSource } from 'typeorm';

/**
 * On a fresh database, tells the operator in one block how to create the first organization.
 * It names commands only; no secret is printed here.
 */
export async function printBootstrapHint(db: DataSource, embedded: boolean): Promise<void> {
  const [{ count }] = await db.query('SELECT count(*)::int AS count FROM organizations');
  if (Number(count) > 0) return;
  const stopFirst = embedded
    ? '  (the embedded database allows one process: stop the server before running the CLI)\n'
    : '';
  process.stdout.write(
    '\nNo organization exists yet. Create one, then a SCIM connection for its IdP:\n' +
      stopFirst +
      '  npm run tessera -- org create --name "Acme" --slug acme\n' +
      '  npm run tessera -- scim create --org acme --name "Okta"\n\n',
  );
}
