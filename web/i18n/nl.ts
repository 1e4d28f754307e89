import type { Messages } from './en.ts';

export const nl: Messages = {
  common: {
    brand: 'Brevet',
    greeting: (name) => `Beste ${name},`,
    signature: 'Het Brevet-team',
    linkFallback: 'Werkt de knop niet? Kopieer dan dit adres in uw browser:',
    footer: 'U ontvangt deze e-mail omdat u deelneemt aan een certificeringsprogramma op Brevet.',
  },
  emails: {
    signInLink: {
      subject: 'Uw aanmeldlink voor Brevet',
      preview: 'Meld u met één klik aan bij Brevet',
      intro: (minutes) => `Gebruik de knop hieronder om u aan te melden. De link werkt één keer en verloopt over ${minutes} minuten.`,
      button: 'Aanmelden bij Brevet',
      ignore: 'Hebt u niet gevraagd om u aan te melden? Dan kunt u deze e-mail negeren: zonder deze link kan niemand zich aanmelden.',
    },
    enrolmentDecision: {
      subjectApproved: (programme) => `Uw inschrijving voor ${programme} is goedgekeurd`,
      subjectRejected: (programme) => `Uw inschrijving voor ${programme} is niet goedgekeurd`,
      approved: (programme) => `Goed nieuws: uw inschrijving voor ${programme} is goedgekeurd.`,
      rejected: (programme) => `Uw inschrijving voor ${programme} is niet goedgekeurd.`,
      cohort: (cohort) => `Groep: ${cohort}`,
      reasonLabel: 'Opgegeven reden:',
      button: 'Mijn programma openen',
    },
    webinarBooked: {
      subject: (title) => `Webinar geboekt: ${title}`,
      intro: (title) => `Uw plaats in het webinar "${title}" is geboekt.`,
      when: (date, minutes) => `Wanneer: ${date} (${minutes} minuten)`,
      button: 'Deelnemen aan het webinar',
    },
    webinarReminder: {
      subject: (title) => `Herinnering: webinar "${title}" morgen`,
      intro: (title) => `Ter herinnering: het webinar "${title}" begint over ongeveer 24 uur.`,
      when: (date, minutes) => `Wanneer: ${date} (${minutes} minuten)`,
      button: 'Deelnemen aan het webinar',
    },
    assessmentResult: {
      subjectPassed: (programme) => `U bent geslaagd voor de evaluatie ${programme}`,
      subjectFailed: (programme) => `Resultaat van uw evaluatie ${programme}`,
      passed: (programme) => `Gefeliciteerd: u bent geslaagd voor de evaluatie ${programme}.`,
      failed: (programme) => `U hebt de slaagdrempel voor de evaluatie ${programme} deze keer niet gehaald.`,
      score: (score, max, passMark) => `Uw score: ${score} op ${max} (slaagdrempel: ${passMark}).`,
      attemptsLeft: (count) => (count === 1 ? 'U hebt nog 1 poging.' : `U hebt nog ${count} pogingen.`),
      noAttemptsLeft: 'U hebt geen pogingen meer.',
    },
    badgeIssued: {
      subject: (achievement) => `Uw badge "${achievement}" is uitgereikt`,
      intro: (achievement) => `Uw digitale badge "${achievement}" is uitgereikt als verifieerbaar bewijs.`,
      validUntil: (date) => `Hij is geldig tot ${date}.`,
      verifyHint: 'Iedereen (bijvoorbeeld een werkgever) kan hem op dit adres controleren:',
      button: 'Mijn badge bekijken en controleren',
    },
    expiryNotice: {
      subject: (achievement) => `Uw badge "${achievement}" verloopt over 90 dagen`,
      intro: (achievement, date) => `Uw badge "${achievement}" verloopt op ${date}. Digitale vaardigheden verouderen snel: vernieuw hem om hem geldig te houden.`,
      button: 'Mijn certificering vernieuwen',
      verifyHint: 'Uw huidige badge:',
    },
  },
};
