import { Catalog } from '../../../src/catalog/catalog';
import type { SlackOrigin } from '../../../src/spec/task-spec';

/** A catalog with two aliased repositories, one of them on a `develop` base branch. */
export const twoRepositoryCatalog: Catalog = Catalog.parse({
  repositories: [
    {
      slug: 'acme/api',
      cloneUrl: 'https://github.com/acme/api.git',
      aliases: ['backend', 'api'],
    },
    {
      slug: 'acme/web',
      cloneUrl: 'https://github.com/acme/web.git',
      aliases: ['frontend'],
      baseBranch: 'develop',
    },
  ],
  channels: { CWEB: { repositories: ['acme/web'], model: 'opus' } },
});

export const singleRepositoryCatalog: Catalog = Catalog.parse({
  repositories: [{ slug: 'acme/solo', cloneUrl: '/srv/git/solo.git' }],
});

export const origin: SlackOrigin = {
  source: 'mention',
  teamId: 'T0001',
  channel: 'C0001',
  messageTs: '1718000000.000100',
  threadTs: '1718000000.000100',
  userId: 'U0USER',
};

export const botUserId = 'U0BOT';

export const userNames: ReadonlyMap<string, string> = new Map([
  ['U123', 'alice'],
  [botUserId, 'deckhand'],
]);
