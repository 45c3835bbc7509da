import { writeWorkflowBundle } from '../src/temporal/bundle';

writeWorkflowBundle().then(
  (path) => process.stdout.write(`workflow bundle written to ${path}\n`),
  (err: unknown) => {
    process.stderr.write(`bundling workflows failed: ${String(err)}\n`);
    process.exit(1);
  },
);
