import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMigrator, migrateDown, migrateToLatest } from '../../migrations/migrator.ts';
import { migrations } from '../../migrations/index.ts';
import { createTestDeps } from '../helpers/deps.ts';

const { db } = createTestDeps();

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db);
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('lists migrations in timestamp order in the explicit index', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
  });

  it('reverts every migration down to an empty schema and reapplies them', async () => {
    const before = await tables();
    expect(before).toContain('people');
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(db);
    expect(await tables()).toEqual([]);
    await migrateToLatest(db);
    expect(await tables()).toEqual(before);
    const status = await createMigrator(db).getMigrations();
    expect(status.every((m) => m.executedAt)).toBe(true);
  });

  it('keeps the audit log append-only', async () => {
    await db.insertInto('audit_events').values({ actor_kind: 'system', action: 'test.write', subject_type: 'test' }).execute();
    await expect(db.updateTable('audit_events').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });
});
