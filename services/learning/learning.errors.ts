import { defineError } from '../shared/errors.ts';

export const learningErrors = {
  enrolmentNotFound: defineError('learning.enrolment_not_found', 404, 'No such enrolment'),
  notYourEnrolment: defineError('learning.not_your_enrolment', 403, 'This enrolment belongs to another learner'),
  enrolmentNotActive: defineError('learning.enrolment_not_active', 409, 'Progress is recorded only on an approved or active enrolment'),
  moduleNotInProgramme: defineError('learning.module_not_in_programme', 422, "The module is not one of the enrolment's programme version"),
};

export const xapiErrors = {
  unsupportedVerb: defineError('xapi.unsupported_verb', 422, 'Only the verb http://adlnet.gov/expapi/verbs/completed is accepted'),
  unsupportedActor: defineError('xapi.unsupported_actor', 422, 'The actor must be an Agent identified by mbox "mailto:<email>"'),
  unknownActor: defineError('xapi.unknown_actor', 422, 'No learner has this email address'),
  unknownModule: defineError('xapi.unknown_module', 422, 'The object is not a module of a Brevet programme'),
  noActiveEnrolment: defineError('xapi.no_active_enrolment', 422, "The learner has no approved or active enrolment in the module's programme"),
  statementConflict: defineError('xapi.statement_conflict', 409, 'A statement with this id was already stored with other content'),
};
