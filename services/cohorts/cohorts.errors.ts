import { defineError } from '../shared/errors.ts';

export const cohortErrors = {
  notFound: defineError('cohorts.not_found', 404, 'No such cohort'),
  full: defineError('cohorts.full', 409, 'The cohort has no seat left'),
  noSeatTaken: defineError('cohorts.no_seat_taken', 409, 'The cohort has no taken seat to release'),
  capacityBelowSeatsTaken: defineError('cohorts.capacity_below_seats_taken', 409, 'The capacity cannot go below the seats already taken'),
  programmeNotFound: defineError('cohorts.programme_not_found', 422, 'The programme or programme version does not exist'),
  programmeNotPublished: defineError('cohorts.programme_version_not_published', 422, 'Cohorts open only on a published programme version'),
  endsOnRequired: defineError('cohorts.ends_on_required', 422, 'This programme has no fixed duration: give endsOn'),
  endsOnMismatch: defineError('cohorts.ends_on_mismatch', 422, 'endsOn does not match the programme\'s fixed duration'),
  endsOnNotAfterStart: defineError('cohorts.ends_on_not_after_start', 422, 'endsOn must be after startsOn'),
  organisationNotFound: defineError('cohorts.organisation_not_found', 422, 'The organisation does not exist'),
  invalidFacilitators: defineError('cohorts.invalid_facilitators', 422, 'Facilitators must be existing people with the facilitator role'),
};
