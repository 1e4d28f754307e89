import { defineError } from '../shared/errors.ts';

export const identityErrors = {
  invalidSignInToken: defineError('auth.invalid_sign_in_token', 401, 'This sign-in link is not valid: it was used already, has expired, or is unknown'),
  personGone: defineError('auth.person_erased', 401, 'This account no longer exists'),
  personNotFound: defineError('identity.person_not_found', 404, 'No such person'),
  emailTaken: defineError('identity.email_taken', 409, 'A person with this email address already exists'),
  organisationExists: defineError('identity.organisation_exists', 409, 'An organisation with this name already exists'),
  unknownOrganisation: defineError('identity.unknown_organisation', 422, 'No such organisation'),
  unknownManager: defineError('identity.unknown_manager', 422, 'The manager is not a person holding the manager role'),
  selfManaged: defineError('identity.self_managed', 422, 'A person cannot be their own manager'),
  outsideOrganisation: defineError('identity.outside_organisation', 403, 'Managers see only the people of their own organisation'),
};
