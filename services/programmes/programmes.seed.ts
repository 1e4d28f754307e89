import { readFile } from 'node:fs/promises';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { programmesRepository } from './programmes.repository.ts';
import { programmeSeedFile } from './programmes.schemas.ts';

/** The two Connectoo programmes, kept as data next to the module (the top-level layout is fixed). */
export const CONNECTOO_SEED_FILE = new URL('./data/connectoo.json', import.meta.url);

/** Reads and validates a seed file with the admin API's own schema, so seeded programmes obey the same rules. */
export async function loadProgrammeSeed(file: URL = CONNECTOO_SEED_FILE) {
  const parsed = programmeSeedFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`Programme seed ${file.pathname} is not valid: ${parsed.error.message}`);
  return parsed.data.programmes;
}

/**
 * Inserts the seeded programmes that do not exist yet, each with version 1
 * published; runs at every start. A programme that exists is left alone, even
 * when the file has changed since: its later versions belong to admins. Two
 * processes seeding at once are safe: the second waits on the unique code and
 * skips. Programmes are seeded in file order, so a prerequisite comes first.
 */
export async function seedProgrammes({ db, clock }: Pick<Deps, 'db' | 'clock'>, file: URL = CONNECTOO_SEED_FILE): Promise<string[]> {
  const inserted: string[] = [];
  for (const entry of await loadProgrammeSeed(file)) {
    const created = await db.transaction().execute(async (trx) => {
      const repo = programmesRepository(trx);
      const programme = await repo.insertProgrammeIfMissing(entry.code);
      if (!programme) return false;
      const version = await repo.insertVersion(programme.id, 1, entry.version, 'published', clock.now());
      await recordAudit(trx, {
        actor: { kind: 'system', id: 'seed' },
        action: 'programme.seeded',
        subjectType: 'programme',
        subjectId: programme.id,
        details: { code: entry.code, versionId: version.id },
      });
      return true;
    });
    if (created) inserted.push(entry.code);
  }
  return inserted;
}
