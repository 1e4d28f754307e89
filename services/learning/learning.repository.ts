import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ProgressSource } from '../db/schema/learning.ts';

const progressColumns = ['id', 'enrolment_id', 'module_id', 'started_at', 'completed_at', 'seconds_spent', 'source'] as const;

/** Module progress rows (one per enrolment and module) and the module lookups recording them needs. */
export function learningRepository(db: Executor) {
  return {
    /** A module of the given programme version, or undefined when it belongs to another (or none). */
    async moduleOfVersion(moduleId: string, programmeVersionId: string) {
      return db
        .selectFrom('programme_modules')
        .select(['id', 'code', 'position', 'title', 'duration_minutes'])
        .where('id', '=', moduleId)
        .where('programme_version_id', '=', programmeVersionId)
        .executeTakeFirst();
    },

    async findModule(moduleId: string) {
      return db.selectFrom('programme_modules').select(['id', 'code', 'programme_version_id']).where('id', '=', moduleId).executeTakeFirst();
    },

    /** Starts a module; starting it again keeps the first start. */
    async start(enrolmentId: string, moduleId: string, source: ProgressSource) {
      await db
        .insertInto('module_progress')
        .values({ enrolment_id: enrolmentId, module_id: moduleId, source })
        .onConflict((oc) => oc.constraint('module_progress_once').doNothing())
        .execute();
      return this.find(enrolmentId, moduleId);
    },

    /**
     * Completes a module with the time spent on it. A module completed already
     * keeps its first completion and time (undefined is returned), so a retried
     * or duplicated report never counts the time twice.
     */
    async complete(values: { enrolmentId: string; moduleId: string; secondsSpent: number; source: ProgressSource; completedAt?: Date }) {
      const completedAt = values.completedAt ?? sql<Date>`now()`;
      return db
        .insertInto('module_progress')
        .values({
          enrolment_id: values.enrolmentId,
          module_id: values.moduleId,
          started_at: completedAt,
          completed_at: completedAt,
          seconds_spent: values.secondsSpent,
          source: values.source,
        })
        .onConflict((oc) =>
          oc
            .constraint('module_progress_once')
            .doUpdateSet({
              // A completion reported for a moment before the recorded start still leaves the row in order.
              completed_at: sql<Date>`greatest(excluded.completed_at, module_progress.started_at)`,
              seconds_spent: (eb) => eb.ref('excluded.seconds_spent'),
              source: (eb) => eb.ref('excluded.source'),
              updated_at: sql<Date>`now()`,
            })
            .where('module_progress.completed_at', 'is', null),
        )
        .returning(progressColumns)
        .executeTakeFirst();
    },

    async find(enrolmentId: string, moduleId: string) {
      return db.selectFrom('module_progress').select(progressColumns).where('enrolment_id', '=', enrolmentId).where('module_id', '=', moduleId).executeTakeFirstOrThrow();
    },

    /** Every module of the enrolment's programme version with its progress (null columns when not started). */
    async modulesWithProgress(enrolmentId: string, programmeVersionId: string) {
      return db
        .selectFrom('programme_modules as m')
        .leftJoin('module_progress as p', (join) => join.onRef('p.module_id', '=', 'm.id').on('p.enrolment_id', '=', enrolmentId))
        .select(['m.id', 'm.code', 'm.position', 'm.title', 'm.duration_minutes', 'p.started_at', 'p.completed_at', 'p.seconds_spent', 'p.source'])
        .where('m.programme_version_id', '=', programmeVersionId)
        .orderBy('m.position')
        .execute();
    },
  };
}

export type ModuleProgressRow = Awaited<ReturnType<ReturnType<typeof learningRepository>['find']>>;
