import { adminEn, type AdminMessages } from './en.ts';

/** The admin console's messages in fr (to be translated: English for now). */
export const adminFr: AdminMessages = adminEn;
