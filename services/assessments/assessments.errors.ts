import { defineError } from '../shared/errors.ts';

export const assessmentErrors = {
  notFound: defineError('assessments.not_found', 404, 'No such assessment'),
  questionNotFound: defineError('assessments.question_not_found', 404, 'No such question in this assessment'),
  programmeVersionNotFound: defineError('assessments.programme_version_not_found', 422, 'The programme version does not exist'),
  alreadyExists: defineError('assessments.already_exists', 409, 'This programme version already has an assessment of this kind'),
  notDraft: defineError('assessments.not_draft', 409, 'Questions change only while the assessment is a draft'),
  cannotPublish: defineError('assessments.cannot_publish', 409, 'The assessment cannot be published as it is'),
  invalidQuestion: defineError('assessments.invalid_question', 422, 'The question is not consistent'),

  enrolmentNotFound: defineError('assessments.enrolment_not_found', 404, 'No such enrolment'),
  notYourEnrolment: defineError('assessments.not_your_enrolment', 403, 'This enrolment belongs to another learner'),
  enrolmentNotEligible: defineError('assessments.enrolment_not_eligible', 409, 'The enrolment is not in a state that allows an attempt'),
  noAssessment: defineError('assessments.no_assessment', 409, 'The programme version has no published assessment of this kind'),
  noAttemptsLeft: defineError('assessments.no_attempts_left', 409, 'Every attempt has been used'),
  attemptOpen: defineError('assessments.attempt_open', 409, 'An attempt is already open: submit it first'),
  resultPending: defineError('assessments.result_pending', 409, 'The last attempt is not marked yet'),
  alreadyPassed: defineError('assessments.already_passed', 409, 'The assessment has already been passed'),

  attemptNotFound: defineError('assessments.attempt_not_found', 404, 'No such attempt'),
  alreadySubmitted: defineError('assessments.already_submitted', 409, 'The attempt has already been submitted'),
  invalidAnswers: defineError('assessments.invalid_answers', 422, 'The answers do not match the attempt\'s questions'),

  notAwaitingAssessor: defineError('assessments.not_awaiting_assessor', 409, 'The attempt is not waiting for an assessor'),
  invalidMarks: defineError('assessments.invalid_marks', 422, 'The marks do not match the attempt\'s open answers'),
  questionAlreadyMarked: defineError('assessments.question_already_marked', 409, 'An open answer has already been marked'),
  ownAttempt: defineError('assessments.own_attempt', 403, 'An assessor does not mark their own attempt'),
};
