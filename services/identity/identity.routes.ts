import { authRoutes } from './auth.routes.ts';
import { meRoutes } from './me.routes.ts';
import { peopleRoutes } from './people.routes.ts';

/** Sign-in, the signed-in person, and the administration of organisations and people. */
export const identityRoutes = [...authRoutes, ...meRoutes, ...peopleRoutes];
