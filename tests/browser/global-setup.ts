import type { TestProject } from 'vitest/node';
import { setupDatabases } from '../setup/global-setup.ts';

/** The browser project's databases: as the integration project's, with an embedded folder of its own. */
export default function setup(project: TestProject) {
  return setupDatabases(project, 'browser');
}
