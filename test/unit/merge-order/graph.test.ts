import {
  buildDependencyGraph,
  directDependencies,
  mergeOrder,
  MergeOrderError,
  planStages,
  skippedByFailures,
} from '../../../src/merge-order';

const catalog = [
  { slug: 'acme/infra', dependsOn: [] },
  { slug: 'acme/backend', dependsOn: ['acme/infra', 'acme/elsewhere'] },
  { slug: 'acme/web', dependsOn: ['acme/backend'] },
  { slug: 'acme/docs', dependsOn: [] },
];

function catchError(run: () => unknown): MergeOrderError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(MergeOrderError);
    return err as MergeOrderError;
  }
  throw new Error('expected a MergeOrderError');
}

describe('dependency graph', () => {
  test('catalog edges outside the task drop', () => {
    const graph = buildDependencyGraph({ repositories: ['acme/web', 'acme/backend'], catalog });
    expect(graph.edges).toEqual([
      expect.objectContaining({ before: 'acme/backend', after: 'acme/web', source: 'catalog' }),
    ]);
  });

  test('stages group independent repositories', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/web', 'acme/docs', 'acme/backend', 'acme/infra'],
      catalog,
    });
    expect(planStages(graph)).toEqual([
      ['acme/docs', 'acme/infra'],
      ['acme/backend'],
      ['acme/web'],
    ]);
  });

  test('merge order is stable in task order', () => {
    const repositories = ['acme/docs', 'acme/web', 'acme/infra', 'acme/backend'];
    const graph = buildDependencyGraph({ repositories, catalog });
    expect(mergeOrder(graph)).toEqual(['acme/docs', 'acme/infra', 'acme/backend', 'acme/web']);
    const reordered = buildDependencyGraph({
      repositories: ['acme/infra', 'acme/docs', 'acme/backend', 'acme/web'],
      catalog,
    });
    expect(mergeOrder(reordered)).toEqual(['acme/infra', 'acme/docs', 'acme/backend', 'acme/web']);
  });

  test('task dependencies add edges', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/docs', 'acme/web'],
      taskDependencies: [{ before: 'acme/web', after: 'acme/docs', reason: 'docs show the UI' }],
    });
    expect(mergeOrder(graph)).toEqual(['acme/web', 'acme/docs']);
    expect(graph.edges[0]).toMatchObject({ source: 'task', reason: 'docs show the UI' });
  });

  test('detected-only dependency orders repositories', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/web', 'acme/sdk'],
      detected: [{ before: 'acme/sdk', after: 'acme/web', reason: 'web depends on @acme/sdk' }],
    });
    expect(planStages(graph)).toEqual([['acme/sdk'], ['acme/web']]);
    expect(directDependencies(graph, 'acme/web')).toEqual(['acme/sdk']);
  });

  test('slugs match case-insensitively', () => {
    const graph = buildDependencyGraph({
      repositories: ['Acme/Web', 'acme/backend'],
      catalog,
    });
    expect(graph.edges).toEqual([
      expect.objectContaining({ before: 'acme/backend', after: 'Acme/Web' }),
    ]);
  });

  test('duplicate edges keep the first source', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/backend', 'acme/web'],
      catalog,
      taskDependencies: [{ before: 'acme/backend', after: 'acme/web' }],
    });
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0]?.source).toBe('catalog');
  });

  test('declared cycle names its repositories', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/docs', 'acme/a', 'acme/b'],
      taskDependencies: [
        { before: 'acme/a', after: 'acme/b' },
        { before: 'acme/b', after: 'acme/a' },
      ],
    });
    const error = catchError(() => mergeOrder(graph));
    expect(error.code).toBe('dependency_cycle');
    expect(error.message).toContain('acme/a → acme/b → acme/a');
    expect(error.repositories).toEqual(['acme/a', 'acme/b', 'acme/a']);
    expect(catchError(() => planStages(graph)).code).toBe('dependency_cycle');
  });

  test('three-repository cycle reads in merge direction', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/a', 'acme/b', 'acme/c'],
      taskDependencies: [
        { before: 'acme/a', after: 'acme/b' },
        { before: 'acme/b', after: 'acme/c' },
        { before: 'acme/c', after: 'acme/a' },
      ],
    });
    expect(catchError(() => mergeOrder(graph)).repositories).toEqual([
      'acme/a',
      'acme/b',
      'acme/c',
      'acme/a',
    ]);
  });

  test('self dependency is a cycle', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/a'],
      catalog: [{ slug: 'acme/a', dependsOn: ['acme/a'] }],
    });
    expect(catchError(() => planStages(graph)).message).toContain('acme/a → acme/a');
  });

  test('task dependency outside task raises', () => {
    const error = catchError(() =>
      buildDependencyGraph({
        repositories: ['acme/a'],
        taskDependencies: [{ before: 'acme/zzz', after: 'acme/a' }],
      }),
    );
    expect(error.code).toBe('unknown_repository');
    expect(error.message).toContain('acme/zzz');
  });

  test('upstream failure skips transitive dependants', () => {
    const graph = buildDependencyGraph({
      repositories: ['acme/web', 'acme/docs', 'acme/backend', 'acme/infra'],
      catalog,
    });
    expect(skippedByFailures(graph, ['acme/infra'])).toEqual(['acme/web', 'acme/backend']);
    expect(skippedByFailures(graph, ['acme/web'])).toEqual([]);
    expect(skippedByFailures(graph, ['acme/backend', 'acme/web'])).toEqual([]);
  });
});
