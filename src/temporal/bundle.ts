import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Path of the prebuilt workflow bundle that workers load. */
export const workflowBundlePath = resolve(__dirname, '../../dist/workflow-bundle.js');

/**
 * Bundles the workflow code once with the SDK's webpack. Workers load the result instead of
 * bundling TypeScript sources themselves, which fails inside jest's module loader.
 */
export async function writeWorkflowBundle(outPath = workflowBundlePath): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: resolve(__dirname, '../../workflows/index.ts'),
  });
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, code);
  return outPath;
}
