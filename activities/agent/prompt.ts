import type { RunAgentInput } from '../types';

/** Builds the prompt of one agent run: feedback on earlier runs first, then the task, then the ground rules. */
export function buildPrompt(input: RunAgentInput): string {
  const parts: string[] = [];
  if (input.feedback) {
    parts.push(
      // The feedback itself says why there is another run: failing tests, a reviewer or a reply.
      `This is run ${input.attempt} on this task. Before anything else, act on this feedback about your earlier work:`,
      input.feedback,
      '',
    );
  }
  parts.push(
    `You are working in a clone of the repository ${input.repository}, in the current directory.`,
    '',
    'Task:',
    input.instructions,
    '',
    'Ground rules:',
    '- Change only what the task needs, and keep the existing style of the code.',
    '- Run the tests if you can, and fix what fails.',
    '- Do not commit, push or create branches: Deckhand commits and pushes your change.',
    '- Finish with a short summary of what you changed.',
  );
  return parts.join('\n');
}
