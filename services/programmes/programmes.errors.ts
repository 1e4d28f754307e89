import { defineError } from '../shared/errors.ts';

export const programmeErrors = {
  notFound: defineError('programmes.not_found', 404, 'No such programme'),
  versionNotFound: defineError('programmes.version_not_found', 404, 'No such programme version'),
  codeTaken: defineError('programmes.code_taken', 409, 'A programme with this code already exists'),
  versionNotDraft: defineError('programmes.version_not_draft', 409, 'Only a draft version can be published'),
  unknownPrerequisite: defineError('programmes.unknown_prerequisite', 422, 'The prerequisite programme does not exist'),
  selfPrerequisite: defineError('programmes.self_prerequisite', 422, 'A programme cannot be its own prerequisite'),
};
