import { adminEn, type AdminMessages } from './en.ts';

/** The admin console's messages in nl (to be translated: English for now). */
export const adminNl: AdminMessages = adminEn;
