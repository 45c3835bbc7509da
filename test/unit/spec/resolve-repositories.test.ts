import { Catalog } from '../../../src/catalog/catalog';
import {
  describeResolution,
  resolveRepositories,
  topicRepositoryNames,
} from '../../../src/spec/resolve-repositories';
import { catalog } from '../slack/fixtures';

function slugsAndSources(result: ReturnType<typeof resolveRepositories>) {
  return result.kind === 'resolved'
    ? result.repositories.map((item) => [item.repository.slug, item.source])
    : result;
}

describe('resolveRepositories', () => {
  const all = {
    catalog,
    channel: 'CWEB',
    threadTaskSlugs: ['acme/api'],
    channelTopic: 'Web team | repo:acme/api',
  };

  test('message first', () => {
    expect(
      slugsAndSources(resolveRepositories({ ...all, named: ['frontend', 'acme/web'] })),
    ).toEqual([['acme/web', 'message']]);
  });

  test('unknown message name stops', () => {
    expect(resolveRepositories({ ...all, named: ['backend', 'mobile'] })).toEqual({
      kind: 'unknown',
      names: ['mobile'],
    });
  });

  test('thread task second', () => {
    expect(slugsAndSources(resolveRepositories(all))).toEqual([['acme/api', 'thread_task']]);
  });

  test('channel topic third', () => {
    const result = resolveRepositories({ ...all, threadTaskSlugs: [] });
    expect(slugsAndSources(result)).toEqual([['acme/api', 'channel_topic']]);
  });

  test('channel defaults fourth', () => {
    const result = resolveRepositories({
      ...all,
      threadTaskSlugs: [],
      channelTopic: 'repo:acme/gone',
    });
    expect(slugsAndSources(result)).toEqual([['acme/web', 'channel_defaults']]);
  });

  test('only repository fifth', () => {
    const solo = Catalog.parse({
      repositories: [{ slug: 'acme/solo', cloneUrl: '/srv/solo.git' }],
    });
    expect(slugsAndSources(resolveRepositories({ catalog: solo, channel: 'C1' }))).toEqual([
      ['acme/solo', 'only_repository'],
    ]);
  });

  test('ask last', () => {
    expect(resolveRepositories({ catalog, channel: 'C1' })).toEqual({ kind: 'ask' });
  });
});

describe('topicRepositoryNames', () => {
  test.each([
    ['repo:acme/api', ['acme/api']],
    ['Web team\nrepo: acme/web\nREPO:backend.', ['acme/web', 'backend']],
    ['repos (repo:acme/a, repo:acme/b)', ['acme/a', 'acme/b']],
    ['myrepo:acme/x', []],
    ['no repositories here', []],
  ])('%p', (topic, names) => {
    expect(topicRepositoryNames(topic)).toEqual(names);
  });
});

describe('describeResolution', () => {
  test('one line per repository', () => {
    const result = resolveRepositories({
      catalog,
      channel: 'CWEB',
      channelTopic: 'repo:backend repo:frontend',
    });
    expect(describeResolution(result)).toBe(
      '`acme/api`: named in the channel topic\n`acme/web`: named in the channel topic',
    );
  });

  test('ask and unknown', () => {
    expect(describeResolution({ kind: 'ask' })).toContain('picker');
    expect(describeResolution({ kind: 'unknown', names: ['x'] })).toBe('Not in the catalog: `x`.');
  });
});
