import type { Messages } from './en.ts';

export const de: Messages = {
  common: {
    brand: 'Brevet',
    greeting: (name) => `Guten Tag ${name},`,
    signature: 'Ihr Brevet-Team',
    linkFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
    footer: 'Sie erhalten diese E-Mail, weil Sie an einem Zertifizierungsprogramm auf Brevet teilnehmen.',
  },
  emails: {
    signInLink: {
      subject: 'Ihr Anmeldelink für Brevet',
      preview: 'Mit einem Klick bei Brevet anmelden',
      intro: (minutes) => `Melden Sie sich über die Schaltfläche unten an. Der Link funktioniert einmal und läuft in ${minutes} Minuten ab.`,
      button: 'Bei Brevet anmelden',
      ignore: 'Wenn Sie keine Anmeldung angefordert haben, können Sie diese E-Mail ignorieren: Ohne sie kann sich niemand anmelden.',
    },
    enrolmentDecision: {
      subjectApproved: (programme) => `Ihre Anmeldung zu ${programme} wurde genehmigt`,
      subjectRejected: (programme) => `Ihre Anmeldung zu ${programme} wurde nicht genehmigt`,
      approved: (programme) => `Gute Nachricht: Ihre Anmeldung zu ${programme} wurde genehmigt.`,
      rejected: (programme) => `Ihre Anmeldung zu ${programme} wurde nicht genehmigt.`,
      cohort: (cohort) => `Kohorte: ${cohort}`,
      reasonLabel: 'Angegebener Grund:',
      button: 'Mein Programm öffnen',
    },
    webinarBooked: {
      subject: (title) => `Webinar gebucht: ${title}`,
      intro: (title) => `Ihr Platz im Webinar „${title}“ ist gebucht.`,
      when: (date, minutes) => `Wann: ${date} (${minutes} Minuten)`,
      button: 'Am Webinar teilnehmen',
    },
    webinarReminder: {
      subject: (title) => `Erinnerung: Webinar „${title}“ morgen`,
      intro: (title) => `Zur Erinnerung: Das Webinar „${title}“ beginnt in etwa 24 Stunden.`,
      when: (date, minutes) => `Wann: ${date} (${minutes} Minuten)`,
      button: 'Am Webinar teilnehmen',
    },
    assessmentResult: {
      subjectPassed: (programme) => `Sie haben die Prüfung ${programme} bestanden`,
      subjectFailed: (programme) => `Ergebnis Ihrer Prüfung ${programme}`,
      passed: (programme) => `Herzlichen Glückwunsch: Sie haben die Prüfung ${programme} bestanden.`,
      failed: (programme) => `Sie haben die Bestehensgrenze der Prüfung ${programme} diesmal nicht erreicht.`,
      score: (score, max, passMark) => `Ihre Punktzahl: ${score} von ${max} (Bestehensgrenze: ${passMark}).`,
      attemptsLeft: (count) => (count === 1 ? 'Sie haben noch 1 Versuch.' : `Sie haben noch ${count} Versuche.`),
      noAttemptsLeft: 'Sie haben keine Versuche mehr.',
    },
    badgeIssued: {
      subject: (achievement) => `Ihr Badge „${achievement}“ wurde ausgestellt`,
      intro: (achievement) => `Ihr digitaler Badge „${achievement}“ wurde als überprüfbarer Nachweis ausgestellt.`,
      validUntil: (date) => `Er ist gültig bis ${date}.`,
      verifyHint: 'Jeder (zum Beispiel ein Arbeitgeber) kann ihn unter dieser Adresse prüfen:',
      button: 'Meinen Badge ansehen und prüfen',
    },
    expiryNotice: {
      subject: (achievement) => `Ihr Badge „${achievement}“ läuft in 90 Tagen ab`,
      intro: (achievement, date) => `Ihr Badge „${achievement}“ läuft am ${date} ab. Digitale Kompetenzen veralten schnell: Erneuern Sie ihn, damit er gültig bleibt.`,
      button: 'Meine Zertifizierung erneuern',
      verifyHint: 'Ihr aktueller Badge:',
    },
  },
};
