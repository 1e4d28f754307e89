import type { Migration } from 'kysely';
import * as foundation from './20261122T2000_foundation.ts';
import * as credentials from './20261122T2100_credentials.ts';
import * as email from './20261122T2200_email.ts';
import * as identity from './20261122T2210_identity.ts';
import * as programmes from './20261122T2300_programmes.ts';
import * as enrolments from './20261122T2330_enrolments.ts';
import * as learning from './20261122T2340_learning.ts';
import * as assessments from './20261122T2350_assessments.ts';
import * as certification from './20261123T0000_certification.ts';

/**
 * The explicit, ordered list of migrations. A migration is frozen once it has
 * landed: change the schema with a new file, never by editing an old one.
 */
export const migrations: Record<string, Migration> = {
  '20261122T2000_foundation': foundation,
  '20261122T2100_credentials': credentials,
  '20261122T2200_email': email,
  '20261122T2210_identity': identity,
  '20261122T2300_programmes': programmes,
  '20261122T2330_enrolments': enrolments,
  '20261122T2340_learning': learning,
  '20261122T2350_assessments': assessments,
  '20261123T0000_certification': certification,
};
