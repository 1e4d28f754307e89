import { defineError } from '../shared/errors.ts';

export const webinarErrors = {
  cohortNotFound: defineError('webinars.cohort_not_found', 404, 'No such cohort'),
  sessionNotFound: defineError('webinars.session_not_found', 404, 'No such webinar session'),
  bookingNotFound: defineError('webinars.booking_not_found', 404, 'No such booking'),
  notCohortFacilitator: defineError('webinars.not_cohort_facilitator', 403, 'Only a facilitator of the cohort or an administrator may do this'),
  notSessionFacilitator: defineError('webinars.not_session_facilitator', 403, "Only the session's facilitator or an administrator may do this"),
  notInCohort: defineError('webinars.not_in_cohort', 403, 'You are not enrolled in this cohort'),
  notYourBooking: defineError('webinars.not_your_booking', 403, 'This booking belongs to another learner'),
  invalidTopic: defineError('webinars.invalid_topic', 422, "The topic must be one of the programme's required webinars (1 to N)"),
  invalidFacilitator: defineError('webinars.invalid_facilitator', 422, 'The facilitator must be an existing person with the facilitator role'),
  startsInPast: defineError('webinars.starts_in_past', 422, 'A session must start in the future'),
  outsideCohortDates: defineError('webinars.outside_cohort_dates', 422, "A session must take place between the cohort's start and end dates"),
  unknownBookings: defineError('webinars.unknown_bookings', 422, 'Some bookings are not live bookings of this session'),
  sessionFull: defineError('webinars.session_full', 409, 'The session has no seat left'),
  sessionStarted: defineError('webinars.session_started', 409, 'The session has already started'),
  sessionNotStarted: defineError('webinars.session_not_started', 409, 'Attendance is recorded once the session has started'),
  alreadyBooked: defineError('webinars.already_booked', 409, 'You already hold a booking for this session'),
  topicAlreadyBooked: defineError('webinars.topic_already_booked', 409, 'You already attended or booked a session on this topic'),
  bookingCancelled: defineError('webinars.booking_cancelled', 409, 'The booking is already cancelled'),
};
