import {
  classifyInterfaceFile,
  detectDependencies,
  type RepositoryFacts,
} from '../../../src/merge-order';

function facts(overrides: Partial<RepositoryFacts> & { repository: string }): RepositoryFacts {
  return { packages: [], dependencies: [], references: [], changedFiles: [], ...overrides };
}

describe('detectDependencies', () => {
  test('package consumer depends on changed package', () => {
    const sdk = facts({
      repository: 'acme/sdk',
      packages: [{ name: '@acme/client', path: 'packages/client' }],
      changedFiles: ['packages/client/src/index.ts'],
    });
    const web = facts({ repository: 'acme/web', dependencies: ['@acme/client', 'react'] });
    expect(detectDependencies([web, sdk])).toEqual([
      {
        before: 'acme/sdk',
        after: 'acme/web',
        reason:
          'acme/web depends on @acme/client, whose source acme/sdk changed (packages/client/src/index.ts)',
      },
    ]);
  });

  test('test-only package change is ignored', () => {
    const sdk = facts({
      repository: 'acme/sdk',
      packages: [{ name: '@acme/client', path: '' }],
      changedFiles: ['test/client.test.ts', 'README.md'],
    });
    const web = facts({ repository: 'acme/web', dependencies: ['@acme/client'] });
    expect(detectDependencies([sdk, web])).toEqual([]);
  });

  test('API description reference creates dependency', () => {
    const backend = facts({ repository: 'acme/backend', changedFiles: ['api/openapi.yaml'] });
    const web = facts({
      repository: 'acme/web',
      references: [{ path: '../backend/api/openapi.yaml' }],
    });
    expect(detectDependencies([backend, web])).toEqual([
      expect.objectContaining({ before: 'acme/backend', after: 'acme/web' }),
    ]);
  });

  test('reference to another repository does not match', () => {
    const backend = facts({ repository: 'acme/backend', changedFiles: ['openapi.yaml'] });
    const web = facts({
      repository: 'acme/web',
      references: [{ path: 'openapi.yaml', repository: 'acme/payments' }],
    });
    expect(detectDependencies([backend, web])).toEqual([]);
  });

  test('migrations folder reference matches', () => {
    const db = facts({ repository: 'acme/db', changedFiles: ['migrations/0042_add_users.sql'] });
    const worker = facts({ repository: 'acme/worker', references: [{ path: 'migrations' }] });
    expect(detectDependencies([db, worker])).toHaveLength(1);
  });

  test('own changes never create a dependency', () => {
    const both = facts({
      repository: 'acme/api',
      packages: [{ name: 'api', path: '' }],
      dependencies: ['api'],
      references: [{ path: 'schema.graphql' }],
      changedFiles: ['schema.graphql', 'src/index.ts'],
    });
    expect(detectDependencies([both])).toEqual([]);
  });
});

describe('classifyInterfaceFile', () => {
  test.each([
    ['openapi.yaml', 'openapi'],
    ['api/openapi.v2.json', 'openapi'],
    ['docs/swagger.yml', 'openapi'],
    ['src/schema.graphql', 'graphql'],
    ['src/types.ts', 'typescript'],
    ['dist/index.d.ts', 'typescript'],
    ['src/index.ts', 'typescript'],
    ['db/migrations/001_init.sql', 'migration'],
    ['prisma/schema.prisma', 'schema'],
    ['proto/user.proto', 'schema'],
    ['src/server.ts', undefined],
    ['test/types.ts', undefined],
    ['src/index.test.ts', undefined],
  ])('%s is %s', (path, kind) => {
    expect(classifyInterfaceFile(path)).toBe(kind);
  });
});
