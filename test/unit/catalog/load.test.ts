import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError } from '../../../src/catalog/errors';
import { loadCatalog } from '../../../src/catalog/load';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'deckhand-catalog-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeCatalog(name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

async function loadError(path: string): Promise<CatalogError> {
  try {
    await loadCatalog(path);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

const validYaml = `
repositories:
  - slug: acme/api
    cloneUrl: https://github.com/acme/api.git
    aliases: [backend]
    testCommand: npm test
  - slug: acme/web
    cloneUrl: https://github.com/acme/web.git
    baseBranch: develop
channels:
  CWEB:
    repositories: [acme/web]
`;

describe('loadCatalog', () => {
  test('YAML file with defaults', async () => {
    const catalog = await loadCatalog(await writeCatalog('catalog.yaml', validYaml));
    expect(catalog).toEqual({
      repositories: [
        {
          slug: 'acme/api',
          cloneUrl: 'https://github.com/acme/api.git',
          aliases: ['backend'],
          dependsOn: [],
          sentryProjects: [],
          baseBranch: 'main',
          testCommand: 'npm test',
        },
        {
          slug: 'acme/web',
          cloneUrl: 'https://github.com/acme/web.git',
          aliases: [],
          dependsOn: [],
          sentryProjects: [],
          baseBranch: 'develop',
        },
      ],
      channels: { CWEB: { repositories: ['acme/web'] } },
    });
  });

  test('JSON file', async () => {
    const json = JSON.stringify({ repositories: [{ slug: 'acme/api', cloneUrl: '/srv/api' }] });
    const catalog = await loadCatalog(await writeCatalog('catalog.json', json));
    expect(catalog.repositories[0]?.slug).toBe('acme/api');
    expect(catalog.channels).toEqual({});
  });

  test('schema errors name file and paths', async () => {
    const path = await writeCatalog(
      'invalid.yaml',
      'repositories:\n  - slug: acme/api\n    cloneUrl: x\n  - slug: not-a-slug\n',
    );
    const error = await loadError(path);
    expect(error.code).toBe('catalog_invalid');
    expect(error.source).toBe(path);
    expect(error.issues).toEqual([
      {
        path: 'repositories[1].slug',
        message: 'expected a repository as owner/name, received "not-a-slug"',
      },
      {
        path: 'repositories[1].cloneUrl',
        message: 'Invalid input: expected string, received undefined',
      },
    ]);
    expect(error.message).toBe(
      `Invalid catalog ${path}:\n` +
        '- repositories[1].slug: expected a repository as owner/name, received "not-a-slug"\n' +
        '- repositories[1].cloneUrl: Invalid input: expected string, received undefined',
    );
  });

  test('duplicate slug and shared alias', async () => {
    const path = await writeCatalog(
      'conflicts.yaml',
      [
        'repositories:',
        '  - { slug: acme/api, cloneUrl: a, aliases: [backend] }',
        '  - { slug: Acme/API, cloneUrl: b }',
        '  - { slug: acme/web, cloneUrl: c, aliases: [Backend, "two words"] }',
        'channels:',
        '  C1: { repositories: [acme/gone] }',
      ].join('\n'),
    );
    const error = await loadError(path);
    expect(error.code).toBe('catalog_invalid');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'repositories[1].slug',
      'repositories[2].aliases[0]',
      'repositories[2].aliases[1]',
      'channels.C1.repositories[0]',
    ]);
    expect(error.issues[1]?.message).toBe(
      'alias "Backend" is already used by acme/api (repositories[0]); expected each alias on one repository',
    );
  });

  test('syntax error', async () => {
    const error = await loadError(await writeCatalog('broken.json', '{"repositories": ['));
    expect(error.code).toBe('catalog_syntax');
    expect(error.message).toContain('Invalid JSON in catalog');
  });

  test('YAML syntax error', async () => {
    const error = await loadError(await writeCatalog('broken.yml', 'repositories: [\n'));
    expect(error.code).toBe('catalog_syntax');
    expect(error.message).toContain('broken.yml');
  });

  test('missing file', async () => {
    const error = await loadError(join(directory, 'absent.yaml'));
    expect(error.code).toBe('catalog_unreadable');
    expect(error.message).toContain('absent.yaml');
  });
});
