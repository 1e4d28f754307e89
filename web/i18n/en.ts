/**
 * The English catalogue, which also defines the shape of every other one: a key
 * missing from fr, nl or de (or one they add) is a type error. Texts that take
 * data are functions; the caller passes already-formatted dates and numbers.
 */
export const en = {
  common: {
    brand: 'Brevet',
    greeting: (name: string) => `Hello ${name},`,
    signature: 'The Brevet team',
    linkFallback: 'If the button does not work, copy this address into your browser:',
    footer: 'You receive this email because you take part in a certification programme on Brevet.',
  },
  emails: {
    signInLink: {
      subject: 'Your sign-in link for Brevet',
      preview: 'Sign in to Brevet with one click',
      intro: (minutes: number) => `Use the button below to sign in. The link works once and expires in ${minutes} minutes.`,
      button: 'Sign in to Brevet',
      ignore: 'If you did not ask to sign in, you can ignore this email: nobody can sign in without it.',
    },
    enrolmentDecision: {
      subjectApproved: (programme: string) => `Your enrolment in ${programme} is approved`,
      subjectRejected: (programme: string) => `Your enrolment in ${programme} was not approved`,
      approved: (programme: string) => `Good news: your enrolment in ${programme} is approved.`,
      rejected: (programme: string) => `Your enrolment in ${programme} was not approved.`,
      cohort: (cohort: string) => `Cohort: ${cohort}`,
      reasonLabel: 'Reason given:',
      button: 'Open my programme',
    },
    webinarBooked: {
      subject: (title: string) => `Webinar booked: ${title}`,
      intro: (title: string) => `Your place in the webinar "${title}" is booked.`,
      when: (date: string, minutes: number) => `When: ${date} (${minutes} minutes)`,
      button: 'Join the webinar',
    },
    webinarReminder: {
      subject: (title: string) => `Reminder: webinar "${title}" tomorrow`,
      intro: (title: string) => `A reminder that the webinar "${title}" starts in about 24 hours.`,
      when: (date: string, minutes: number) => `When: ${date} (${minutes} minutes)`,
      button: 'Join the webinar',
    },
    assessmentResult: {
      subjectPassed: (programme: string) => `You passed the ${programme} assessment`,
      subjectFailed: (programme: string) => `Your ${programme} assessment result`,
      passed: (programme: string) => `Congratulations: you passed the ${programme} assessment.`,
      failed: (programme: string) => `You did not reach the pass mark in the ${programme} assessment this time.`,
      score: (score: string, max: string, passMark: string) => `Your score: ${score} out of ${max} (pass mark: ${passMark}).`,
      attemptsLeft: (count: number) => (count === 1 ? 'You have 1 attempt left.' : `You have ${count} attempts left.`),
      noAttemptsLeft: 'You have no attempts left.',
    },
    badgeIssued: {
      subject: (achievement: string) => `Your badge "${achievement}" has been issued`,
      intro: (achievement: string) => `Your digital badge "${achievement}" has been issued as a verifiable credential.`,
      validUntil: (date: string) => `It is valid until ${date}.`,
      verifyHint: 'Anyone (an employer, for example) can check it at this address:',
      button: 'View and verify my badge',
    },
    expiryNotice: {
      subject: (achievement: string) => `Your badge "${achievement}" expires in 90 days`,
      intro: (achievement: string, date: string) => `Your badge "${achievement}" expires on ${date}. Digital skills age quickly: renew it to keep it valid.`,
      button: 'Renew my certification',
      verifyHint: 'Your current badge:',
    },
  },
};

export type Messages = typeof en;
