import { planTask } from '../../../activities/plan';
import { Catalog } from '../../../src/catalog/catalog';

const catalog = Catalog.parse({
  repositories: [
    { slug: 'acme/infra', cloneUrl: '/git/infra.git' },
    { slug: 'acme/backend', cloneUrl: '/git/backend.git', dependsOn: ['acme/infra'] },
    { slug: 'acme/frontend', cloneUrl: '/git/frontend.git', dependsOn: ['acme/backend'] },
  ],
});

describe('planTask', () => {
  test('stages follow the catalog', async () => {
    const plan = await planTask(catalog, {
      repositories: ['acme/frontend', 'acme/backend', 'acme/infra'],
      dependencies: [],
    });
    expect(plan.stages).toEqual([['acme/infra'], ['acme/backend'], ['acme/frontend']]);
    expect(plan.mergeOrder).toEqual(['acme/infra', 'acme/backend', 'acme/frontend']);
    expect(plan.outside).toEqual([]);
  });

  test('reports dependencies outside the task', async () => {
    const plan = await planTask(catalog, {
      repositories: ['acme/backend', 'acme/frontend'],
      dependencies: [],
    });
    expect(plan.outside).toEqual([['acme/backend', 'acme/infra']]);
    expect(plan.stages).toEqual([['acme/backend'], ['acme/frontend']]);
  });

  test('cycle is not retried', async () => {
    const run = planTask(catalog, {
      repositories: ['acme/backend', 'acme/infra'],
      dependencies: [{ before: 'acme/backend', after: 'acme/infra' }],
    });
    await expect(run).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    await expect(run).rejects.toThrow(
      /acme\/infra → acme\/backend → acme\/infra|acme\/backend → acme\/infra → acme\/backend/,
    );
  });
});
