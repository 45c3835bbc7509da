import { writeWorkflowBundle } from '../src/temporal/bundle';

/**
 * Bundles the workflow code once for the whole test run. Workers in tests load this bundle
 * instead of bundling TypeScript sources through jest's module loader.
 */
export default async function globalSetup(): Promise<void> {
  await writeWorkflowBundle();
}
