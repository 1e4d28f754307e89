import type { z } from 'zod';
import { recordAudit } from '../audit/audit.repository.ts';
import { isUniqueViolation, type Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { Principal } from '../shared/auth.ts';
import { identityErrors } from './identity.errors.ts';
import { organisationsRepository, peopleRepository } from './identity.repository.ts';
import type { organisationInput, peopleQuery, personInput, personPatch } from './identity.schemas.ts';
import { organisationView, personView } from './identity.views.ts';

type PersonPrincipal = Extract<Principal, { kind: 'person' }>;

/** Creates an organisation (a municipality, a federal service...); audited. */
export async function createOrganisation({ db }: Pick<Deps, 'db'>, input: { organisation: z.infer<typeof organisationInput>; actor: Principal }) {
  try {
    return await db.transaction().execute(async (trx) => {
      const created = await organisationsRepository(trx).insert(input.organisation);
      await recordAudit(trx, { actor: input.actor, action: 'organisation.created', subjectType: 'organisation', subjectId: created.id, details: input.organisation });
      return organisationView(created);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'organisations_name_key')) throw identityErrors.organisationExists(`"${input.organisation.name}" exists`);
    throw error;
  }
}

export async function listOrganisations({ db }: Pick<Deps, 'db'>) {
  return (await organisationsRepository(db).list()).map(organisationView);
}

/** The organisation and manager a person points at must exist, and the manager must hold the manager role. */
async function checkReferences(trx: Executor, refs: { personId?: string; organisationId?: string | null; managerId?: string | null }) {
  if (refs.organisationId && !(await organisationsRepository(trx).findById(refs.organisationId))) {
    throw identityErrors.unknownOrganisation(`No organisation ${refs.organisationId}`);
  }
  if (!refs.managerId) return;
  if (refs.managerId === refs.personId) throw identityErrors.selfManaged();
  const manager = await peopleRepository(trx).findById(refs.managerId);
  if (!manager || manager.erased_at || !manager.roles.includes('manager')) throw identityErrors.unknownManager(`Person ${refs.managerId} is not a manager`);
}

/** Creates a person with their roles; audited. The address must be new (compared case-insensitively). */
export async function createPerson({ db }: Pick<Deps, 'db'>, input: { person: z.infer<typeof personInput>; actor: Principal }) {
  const p = input.person;
  try {
    return await db.transaction().execute(async (trx) => {
      await checkReferences(trx, { organisationId: p.organisationId, managerId: p.managerId });
      const created = await peopleRepository(trx).insert({ ...p, roles: [...new Set(p.roles)] });
      await recordAudit(trx, {
        actor: input.actor,
        action: 'person.created',
        subjectType: 'person',
        subjectId: created.id,
        details: { roles: created.roles, organisationId: created.organisation_id, managerId: created.manager_id },
      });
      return personView(created);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'people_email_key')) throw identityErrors.emailTaken();
    throw error;
  }
}

/**
 * Lists people. Administrators see everyone (optionally one organisation);
 * a manager who is not an administrator sees only their own organisation.
 */
export async function listPeople({ db }: Pick<Deps, 'db'>, input: { query: z.infer<typeof peopleQuery>; principal: PersonPrincipal }) {
  let organisationId = input.query.organisation;
  if (!input.principal.roles.includes('admin')) {
    const own = input.principal.organisationId;
    if (!own || (organisationId && organisationId !== own)) throw identityErrors.outsideOrganisation();
    organisationId = own;
  }
  const rows = await peopleRepository(db).list({ ...input.query, organisationId });
  return rows.map(personView);
}

const patchColumns = { displayName: 'display_name', locale: 'locale', organisationId: 'organisation_id', managerId: 'manager_id', roles: 'roles' } as const;

/** Changes a person's roles, manager, organisation, name or language; audited with the before and after values. */
export async function updatePerson({ db }: Pick<Deps, 'db'>, input: { id: string; patch: z.infer<typeof personPatch>; actor: Principal }) {
  return db.transaction().execute(async (trx) => {
    const people = peopleRepository(trx);
    const before = await people.findById(input.id);
    if (!before || before.erased_at) throw identityErrors.personNotFound();
    await checkReferences(trx, { personId: input.id, organisationId: input.patch.organisationId, managerId: input.patch.managerId });
    const changes: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(patchColumns)) {
      const value = input.patch[field as keyof typeof patchColumns];
      if (value === undefined) continue;
      changes[column] = field === 'roles' ? [...new Set(value as string[])] : value;
      previous[field] = before[column];
    }
    const after = await people.update(input.id, changes);
    await recordAudit(trx, { actor: input.actor, action: 'person.updated', subjectType: 'person', subjectId: input.id, details: { before: previous, after: input.patch } });
    return personView(after);
  });
}
