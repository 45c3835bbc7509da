import { Catalog } from '../../../src/catalog/catalog';
import { parseGitHubRepositoryUrl } from '../../../src/catalog/github-url';
import { findRepository } from '../../../src/catalog/resolve';

const catalog = Catalog.parse({
  repositories: [
    { slug: 'acme/api', cloneUrl: 'https://github.com/acme/api.git', aliases: ['backend'] },
    { slug: 'acme/local', cloneUrl: '/srv/git/local.git' },
  ],
});

describe('findRepository', () => {
  test.each([
    ['acme/api', 'acme/api'],
    ['ACME/Api', 'acme/api'],
    ['Backend', 'acme/api'],
    ['https://github.com/acme/api', 'acme/api'],
    ['https://github.com/acme/api/pull/3', 'acme/api'],
    ['git@github.com:acme/api.git', 'acme/api'],
    ['/srv/git/local.git', 'acme/local'],
    ['acme/other', undefined],
    ['frontend', undefined],
  ])('%s', (reference, expected) => {
    expect(findRepository(catalog, reference)?.slug).toBe(expected);
  });
});

describe('parseGitHubRepositoryUrl', () => {
  test.each([
    ['https://github.com/o/r', 'o/r'],
    ['http://www.github.com/o/r.git', 'o/r'],
    ['https://github.com/o/r/tree/main/src', 'o/r'],
    ['https://github.com/orgs/o/projects/1', undefined],
    ['https://github.com/o', undefined],
    ['https://gitlab.com/o/r', undefined],
    ['not a url', undefined],
  ])('%s', (url, expected) => {
    expect(parseGitHubRepositoryUrl(url)).toBe(expected);
  });
});
