import type { DataSource } from 'typeorm';

/**
 * On a fresh database, tells the operator in one block how to create the first organization.
 * It names commands only; no secret is printed here.
 */
export async function printBootstrapHint(db: DataSource, embedded: boolean): Promise<void> {
  const [{ count }] = await db.query('SELECT count(*)::int AS count FROM organizations');
  if (Number(count) > 0) return;
  // The CLI opens whatever database its own environment names: say which one it must name.
  const stopFirst = embedded
    ? '  (the embedded database allows one process: stop the server before running the CLI)\n'
    : "  (run them with this server's DATABASE_URL and TESSERA_ENCRYPTION_KEYS set, or they\n" +
      '   open the embedded database in ./data instead)\n';
  process.stdout.write(
    '\nNo organization yet. Create one with its break-glass owner, then a SCIM connection:\n' +
      stopFirst +
      '  npm run tessera -- org create --name "Acme" --slug acme --owner-email you@acme.example\n' +
      '  npm run tessera -- scim create --org acme --name "Okta"\n\n',
  );
}
