import type { Messages } from './en.ts';

export const fr: Messages = {
  common: {
    brand: 'Brevet',
    greeting: (name) => `Bonjour ${name},`,
    signature: "L'équipe Brevet",
    linkFallback: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    footer: 'Vous recevez ce courriel parce que vous participez à un programme de certification sur Brevet.',
  },
  emails: {
    signInLink: {
      subject: 'Votre lien de connexion à Brevet',
      preview: 'Connectez-vous à Brevet en un clic',
      intro: (minutes) => `Utilisez le bouton ci-dessous pour vous connecter. Le lien ne fonctionne qu'une fois et expire dans ${minutes} minutes.`,
      button: 'Se connecter à Brevet',
      ignore: "Si vous n'avez pas demandé à vous connecter, ignorez ce courriel : personne ne peut se connecter sans lui.",
    },
    enrolmentDecision: {
      subjectApproved: (programme) => `Votre inscription à ${programme} est approuvée`,
      subjectRejected: (programme) => `Votre inscription à ${programme} n'a pas été approuvée`,
      approved: (programme) => `Bonne nouvelle : votre inscription à ${programme} est approuvée.`,
      rejected: (programme) => `Votre inscription à ${programme} n'a pas été approuvée.`,
      cohort: (cohort) => `Cohorte : ${cohort}`,
      reasonLabel: 'Motif indiqué :',
      button: 'Ouvrir mon programme',
    },
    webinarBooked: {
      subject: (title) => `Webinaire réservé : ${title}`,
      intro: (title) => `Votre place au webinaire « ${title} » est réservée.`,
      when: (date, minutes) => `Quand : ${date} (${minutes} minutes)`,
      button: 'Rejoindre le webinaire',
    },
    webinarReminder: {
      subject: (title) => `Rappel : webinaire « ${title} » demain`,
      intro: (title) => `Pour rappel, le webinaire « ${title} » commence dans environ 24 heures.`,
      when: (date, minutes) => `Quand : ${date} (${minutes} minutes)`,
      button: 'Rejoindre le webinaire',
    },
    assessmentResult: {
      subjectPassed: (programme) => `Vous avez réussi l'évaluation ${programme}`,
      subjectFailed: (programme) => `Résultat de votre évaluation ${programme}`,
      passed: (programme) => `Félicitations : vous avez réussi l'évaluation ${programme}.`,
      failed: (programme) => `Vous n'avez pas atteint le seuil de réussite de l'évaluation ${programme} cette fois-ci.`,
      score: (score, max, passMark) => `Votre score : ${score} sur ${max} (seuil de réussite : ${passMark}).`,
      attemptsLeft: (count) => (count === 1 ? 'Il vous reste 1 tentative.' : `Il vous reste ${count} tentatives.`),
      noAttemptsLeft: "Vous n'avez plus de tentative.",
    },
    badgeIssued: {
      subject: (achievement) => `Votre badge « ${achievement} » a été délivré`,
      intro: (achievement) => `Votre badge numérique « ${achievement} » a été délivré sous forme d'attestation vérifiable.`,
      validUntil: (date) => `Il est valable jusqu'au ${date}.`,
      verifyHint: "Tout le monde (un employeur, par exemple) peut le vérifier à cette adresse :",
      button: 'Voir et vérifier mon badge',
    },
    expiryNotice: {
      subject: (achievement) => `Votre badge « ${achievement} » expire dans 90 jours`,
      intro: (achievement, date) => `Votre badge « ${achievement} » expire le ${date}. Les compétences numériques évoluent vite : renouvelez-le pour qu'il reste valable.`,
      button: 'Renouveler ma certification',
      verifyHint: 'Votre badge actuel :',
    },
  },
};
