import { defineError } from '../shared/errors.ts';

export const enrolmentErrors = {
  notFound: defineError('enrolments.not_found', 404, 'No such enrolment'),
  cohortNotFound: defineError('enrolments.cohort_not_found', 404, 'No such cohort'),
  alreadyEnrolled: defineError('enrolments.already_enrolled', 409, 'This learner already has an enrolment in this cohort'),
  illegalTransition: defineError('enrolments.illegal_transition', 409, 'This change is not allowed in the enrolment\'s current state'),
  cohortClosed: defineError('enrolments.cohort_closed', 409, 'The cohort has ended'),
  outOfScope: defineError('enrolments.out_of_scope', 403, 'This cohort is reserved for another organisation'),
  notYourLearner: defineError('enrolments.not_your_learner', 403, 'Only the learner\'s manager or an admin may decide'),
  prerequisiteNotMet: defineError('enrolments.prerequisite_not_met', 422, 'The prerequisite credential is missing or does not verify now'),
  notALearner: defineError('enrolments.not_a_learner', 422, 'Only people with the learner role can enrol'),
  csvInvalid: defineError('enrolments.csv_invalid', 400, 'The CSV file cannot be read'),
};
