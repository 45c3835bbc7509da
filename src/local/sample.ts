import type { Scenario } from '../standins/model';
import type { LocalRepository } from './world';

/** A small Node.js service whose tests run with `node --test`. */
export const sampleRepository: LocalRepository = {
  slug: 'acme/backend',
  aliases: ['backend'],
  files: {
    'package.json': JSON.stringify(
      { name: 'backend', version: '1.0.0', private: true, scripts: { test: 'node --test' } },
      null,
      2,
    ),
    'AGENTS.md': [
      '# Working on acme/backend',
      '',
      '- Test: `npm test`',
      '- Keep every module in `src/` with a test in `test/`.',
      '',
    ].join('\n'),
    'src/greet.js': 'exports.greet = (name) => `Hello, ${name}`;\n',
    'test/greet.test.js': [
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const { greet } = require('../src/greet');",
      '',
      "test('greet', () => assert.strictEqual(greet('Ada'), 'Hello, Ada'));",
      '',
    ].join('\n'),
  },
};

/** The mention that the demo sends. */
export const sampleMention =
  '<@U0DECKHAND> add a `shout` function in backend\n' +
  'Requirements:\n' +
  '• `shout(text)` returns the text in upper case followed by `!`\n' +
  '• Put it in src/shout.js with a test in test/shout.test.js';

const shoutTest = [
  "const test = require('node:test');",
  "const assert = require('node:assert');",
  "const { shout } = require('../src/shout');",
  '',
  "test('shout', () => assert.strictEqual(shout('hi'), 'HI!'));",
  '',
].join('\n');

/**
 * What the scripted model makes Claude Code do for {@link sampleMention}: the first attempt
 * forgets the `!`, so the tests fail; the second attempt, which receives the failing output,
 * fixes it.
 */
export const sampleScenario: Scenario = {
  runs: [
    {
      steps: [
        {
          tool: 'Write',
          input: {
            file_path: '/workspace/src/shout.js',
            content: 'exports.shout = (text) => text.toUpperCase();\n',
          },
        },
        {
          tool: 'Write',
          input: { file_path: '/workspace/test/shout.test.js', content: shoutTest },
        },
      ],
      finalText: 'Added shout() in src/shout.js with a test.',
    },
    {
      match: 'failed with exit code',
      steps: [
        { tool: 'Read', input: { file_path: '/workspace/src/shout.js' } },
        {
          tool: 'Edit',
          input: {
            file_path: '/workspace/src/shout.js',
            old_string: 'text.toUpperCase();',
            new_string: '`${text.toUpperCase()}!`;',
          },
        },
        { tool: 'Bash', input: { command: 'npm test' } },
      ],
      finalText: 'shout() now appends "!"; npm test passes.',
    },
  ],
};

/**
 * A second Node.js service, so that a local task can change two repositories. Its tests run
 * with `node --test`, as in {@link sampleRepository}.
 */
export const sampleFrontendRepository: LocalRepository = {
  slug: 'acme/frontend',
  aliases: ['frontend'],
  files: {
    'package.json': JSON.stringify(
      { name: 'frontend', version: '1.0.0', private: true, scripts: { test: 'node --test' } },
      null,
      2,
    ),
    'src/label.js': 'exports.label = (user) => user.name;\n',
    'test/label.test.js': [
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const { label } = require('../src/label');",
      '',
      "test('label', () => assert.strictEqual(label({ name: 'Ada' }), 'Ada'));",
      '',
    ].join('\n'),
  },
};
