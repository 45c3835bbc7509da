import { parseMention } from '../../../src/spec/parse-mention';
import type { TaskSpec } from '../../../src/spec/task-spec';
import { botUserId, origin, twoRepositoryCatalog, userNames } from './fixtures';

const api = { slug: 'acme/api', baseBranch: 'main' };
const web = { slug: 'acme/web', baseBranch: 'develop' };

/** Builds the expected spec for a one-line task without sections or options. */
function plainSpec(overrides: Partial<TaskSpec> & { instructions: string }): TaskSpec {
  return {
    title: overrides.instructions,
    sections: [],
    filePaths: [],
    repositories: [api],
    agent: 'claude-code',
    dependencies: [],
    requireApproval: false,
    origin,
    ...overrides,
  };
}

function parse(text: string, channel = origin.channel) {
  return parseMention({
    text,
    botUserId,
    catalog: twoRepositoryCatalog,
    origin: { ...origin, channel },
    userNames,
  });
}

const ticket = [
  '<@U0BOT> Add cursor pagination to GET /api/users in backend',
  '*Requirements:*',
  '• Accept `cursor` and `limit` query parameters',
  '- Default limit 20, max 100',
  'Response Format:',
  '* { data: [...], nextCursor: string | null }',
  'Keep the old offset parameter working.',
  'Technical Details:',
  '1. Update src/routes/users.ts and src/db/users.ts',
  '2) Document it in `docs/api.md` &amp; package.json',
].join('\n');

const cases: { name: string; text: string; expected: TaskSpec }[] = [
  {
    name: 'mention at start with alias',
    text: '<@U0BOT> Fix the flaky login test in backend',
    expected: plainSpec({ instructions: 'Fix the flaky login test in backend' }),
  },
  {
    name: 'labelled mention at end',
    text: 'Fix the flaky login test in backend <@U0BOT|deckhand>',
    expected: plainSpec({ instructions: 'Fix the flaky login test in backend' }),
  },
  {
    name: 'mention in middle and repeated',
    text: '<@U0BOT> Fix <@U0BOT> the login test, <@U0BOT> in backend <@U0BOT>',
    expected: plainSpec({ instructions: 'Fix the login test, in backend' }),
  },
  {
    name: 'other mentions kept readable',
    text: '<@U0BOT> Ask <@U123> and <@U999> in <#C42|general> <!here> <!subteam^S1|@platform> about backend repo',
    expected: plainSpec({
      instructions: 'Ask @alice and @U999 in #general @here @platform about backend repo',
    }),
  },
  {
    name: 'labelled GitHub link names repository',
    text: '<@U0BOT> Bump lodash in <https://github.com/acme/web|acme/web>',
    expected: plainSpec({ instructions: 'Bump lodash in acme/web', repositories: [web] }),
  },
  {
    name: 'bare GitHub link names repository',
    text: '<@U0BOT> Bump lodash in <https://github.com/acme/web>',
    expected: plainSpec({
      instructions: 'Bump lodash in https://github.com/acme/web',
      repositories: [web],
    }),
  },
  {
    name: 'pull request link names repository',
    text: '<@U0BOT> Address the review on <https://github.com/acme/api/pull/3|acme/api#3>',
    expected: plainSpec({ instructions: 'Address the review on acme/api#3' }),
  },
  {
    name: 'other links become label or URL',
    text: '<@U0BOT> Follow <https://example.com/guide?a=1&amp;b=2|the guide> and <https://example.com/x> in backend',
    expected: plainSpec({
      instructions: 'Follow the guide and https://example.com/x in backend',
    }),
  },
  {
    name: 'entities decoded once',
    text: '<@U0BOT> Escape &amp;lt; so a &lt;b&gt; renders as a &amp; b in backend',
    expected: plainSpec({ instructions: 'Escape &lt; so a <b> renders as a & b in backend' }),
  },
  {
    name: 'plain slug and alias list',
    text: '<@U0BOT> Share the date helper in frontend and acme/api, frontend again',
    expected: plainSpec({
      instructions: 'Share the date helper in frontend and acme/api, frontend again',
      repositories: [web, api],
    }),
  },
  {
    name: 'alias as ordinary word',
    text: '<@U0BOT> Add a backend health check in frontend',
    expected: plainSpec({
      instructions: 'Add a backend health check in frontend',
      repositories: [web],
    }),
  },
  {
    name: 'alias before repo noun',
    text: '<@U0BOT> The backend and frontend repos need Node 22',
    expected: plainSpec({
      instructions: 'The backend and frontend repos need Node 22',
      repositories: [api, web],
    }),
  },
  {
    name: 'options removed and applied',
    text: '<@U0BOT> agent:claude-code Fix the login test in frontend model:sonnet branch:release/2.0.',
    expected: plainSpec({
      instructions: 'Fix the login test in frontend.',
      repositories: [{ slug: 'acme/web', baseBranch: 'release/2.0' }],
      model: 'sonnet',
    }),
  },
  {
    name: 'repo option with auto-linked URL',
    text: '<@U0BOT> Fix the login test repo:<https://github.com/acme/web|github.com/acme/web> repo:backend',
    expected: plainSpec({ instructions: 'Fix the login test', repositories: [web, api] }),
  },
  {
    name: 'URLs, line numbers and times are not options',
    text: '<@U0BOT> At 10:30 the cron in handler.ts:12 calls http://internal:8080/x in backend',
    expected: plainSpec({
      instructions: 'At 10:30 the cron in handler.ts:12 calls http://internal:8080/x in backend',
      filePaths: ['handler.ts'],
    }),
  },
  {
    name: 'code kept verbatim and unparsed',
    text: '<@U0BOT> Run `npm test -- agent:foo` in backend\n```\nif (a &lt; b &amp;&amp; c) { repo:acme/nope }\n```',
    expected: plainSpec({
      title: 'Run `npm test -- agent:foo` in backend',
      instructions:
        'Run `npm test -- agent:foo` in backend\n```\nif (a < b && c) { repo:acme/nope }\n```',
    }),
  },
  {
    name: 'channel defaults when none named',
    text: '<@U0BOT> Tighten the CSP header',
    expected: plainSpec({
      instructions: 'Tighten the CSP header',
      repositories: [web],
      model: 'opus',
      origin: { ...origin, channel: 'CWEB' },
    }),
  },
  {
    name: 'structured ticket',
    text: ticket,
    expected: {
      dependencies: [],
      requireApproval: false,
      title: 'Add cursor pagination to GET /api/users in backend',
      instructions: ticket.replace('<@U0BOT> ', '').replace('&amp;', '&'),
      sections: [
        {
          heading: 'Requirements',
          items: ['Accept `cursor` and `limit` query parameters', 'Default limit 20, max 100'],
          text: '',
        },
        {
          heading: 'Response Format',
          items: ['{ data: [...], nextCursor: string | null }'],
          text: 'Keep the old offset parameter working.',
        },
        {
          heading: 'Technical Details',
          items: [
            'Update src/routes/users.ts and src/db/users.ts',
            'Document it in `docs/api.md` & package.json',
          ],
          text: '',
        },
      ],
      filePaths: ['src/routes/users.ts', 'src/db/users.ts', 'docs/api.md', 'package.json'],
      repositories: [api],
      agent: 'claude-code',
      origin,
    },
  },
];

describe('parseMention', () => {
  test.each(cases)('$name', ({ text, expected }) => {
    const result = parse(text, expected.origin.channel);
    expect(result).toEqual({ ok: true, spec: expected });
  });
});
