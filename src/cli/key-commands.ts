import { encryptionKeyStatus, rotateEncryptionKeys } from '../secrets/rotate-encryption-keys.js';
import { UsageError } from './cli-output.js';
import type { CommandDeps, Flags } from './commands.js';

const OPERATOR = { type: 'operator' as const, id: 'cli' };

/**
 * `keys rotate`: re-encrypts every stored secret under the first key of
 * `TESSERA_ENCRYPTION_KEYS`. Refused (exit 1) when some rows could not be opened: those still
 * need a key that is in the ring, so the operator must not drop the old key yet.
 */
export async function keysRotate(deps: CommandDeps, flags: Flags): Promise<boolean> {
  const report = await rotateEncryptionKeys(deps.db, deps.keyring, {
    actor: OPERATOR,
    at: deps.now(),
    batchSize: batchSizeOf(flags),
  });
  const lines = Object.entries(report.byColumn)
    .filter(([, n]) => n.rotated + n.unreadable > 0)
    .map(([column, n]) => `  ${column}: ${n.rotated} re-encrypted, ${n.unreadable} unreadable`);
  const human =
    `Re-encrypted ${report.rotated} secrets under key "${report.keyId}" in ` +
    `${report.organizations} organizations.` +
    (lines.length > 0 ? `\n${lines.join('\n')}` : '') +
    (report.unreadable > 0
      ? `\n${report.unreadable} secrets could not be opened with these keys; keep the old keys.`
      : '');
  deps.out.result(human, { ...report });
  return report.unreadable === 0;
}

/** `keys status`: how many stored secrets each key protects; what rotation has left to do. */
export async function keysStatus(deps: CommandDeps): Promise<void> {
  const status = await encryptionKeyStatus(deps.db, deps.keyring);
  const lines = status.columns.map((c) => {
    const keys = Object.entries(c.byKey).map(([id, n]) => `${id}: ${n}`);
    return `  ${c.column}: ${keys.length > 0 ? keys.join(', ') : 'none stored'}`;
  });
  const unknown =
    status.unknownKeyIds.length > 0
      ? `\nKeys not in TESSERA_ENCRYPTION_KEYS: ${status.unknownKeyIds.join(', ')}.`
      : '';
  deps.out.result(
    `Current key "${status.currentKeyId}"; ${status.stale} secrets under other keys.\n` +
      lines.join('\n') +
      unknown,
    { ...status },
  );
}

function batchSizeOf(flags: Flags): number | undefined {
  const raw = flags['batch-size'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,4}$/.test(raw)) {
    throw new UsageError('--batch-size must be a whole number from 1 to 99999');
  }
  return Number(raw);
}
