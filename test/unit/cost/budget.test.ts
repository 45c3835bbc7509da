import {
  checkBudget,
  emptyUsage,
  formatTokens,
  formatUsage,
  formatUsd,
  sumUsage,
  summarizeTaskUsage,
  type Usage,
} from '../../../src/cost/budget';

function usage(overrides: Partial<Usage>): Usage {
  return { ...emptyUsage, ...overrides };
}

describe('sumUsage', () => {
  test('adds cost and tokens', () => {
    const total = sumUsage([
      { costUsd: 0.12, inputTokens: 40_000, outputTokens: 700 },
      { costUsd: 0.09, inputTokens: 23_000, outputTokens: 500 },
    ]);
    expect(total.costUsd).toBeCloseTo(0.21, 10);
    expect(total.inputTokens).toBe(63_000);
    expect(total.outputTokens).toBe(1_200);
    expect(total.runs).toBe(2);
    expect(total.runsWithoutCost).toBe(0);
  });

  test('counts runs without cost', () => {
    const total = sumUsage([{ costUsd: 0.5 }, { inputTokens: 10 }, {}]);
    expect(total).toEqual({
      costUsd: 0.5,
      inputTokens: 10,
      outputTokens: 0,
      runs: 3,
      runsWithoutCost: 2,
    });
  });

  test('no runs', () => {
    expect(sumUsage([])).toEqual(emptyUsage);
  });

  test('zero cost is a reported cost', () => {
    expect(sumUsage([{ costUsd: 0 }]).runsWithoutCost).toBe(0);
  });
});

describe('summarizeTaskUsage', () => {
  test('per repository in first-seen order', () => {
    const summary = summarizeTaskUsage([
      { repository: 'acme/web', result: { costUsd: 0.1, inputTokens: 1000, outputTokens: 10 } },
      { repository: 'acme/api', result: { costUsd: 0.2, inputTokens: 2000, outputTokens: 20 } },
      { repository: 'acme/web', result: { costUsd: 0.3, inputTokens: 3000, outputTokens: 30 } },
    ]);
    expect(summary.repositories.map((entry) => entry.repository)).toEqual(['acme/web', 'acme/api']);
    expect(summary.repositories[0]!.usage.costUsd).toBeCloseTo(0.4, 10);
    expect(summary.repositories[0]!.usage.runs).toBe(2);
    expect(summary.repositories[1]!.usage.inputTokens).toBe(2000);
    expect(summary.total.costUsd).toBeCloseTo(0.6, 10);
    expect(summary.total.inputTokens).toBe(6000);
    expect(summary.total.outputTokens).toBe(60);
    expect(summary.total.runs).toBe(3);
  });

  test('no runs', () => {
    expect(summarizeTaskUsage([])).toEqual({ total: emptyUsage, repositories: [] });
  });
});

describe('formatTokens', () => {
  test.each([
    [0, '0'],
    [950, '950'],
    [1000, '1k'],
    [1234, '1.2k'],
    [9_999, '10k'],
    [63_000, '63k'],
    [63_499, '63k'],
    [999_499, '999k'],
    [999_500, '1M'],
    [1_400_000, '1.4M'],
    [12_600_000, '13M'],
  ])('%d as %s', (count, expected) => {
    expect(formatTokens(count)).toBe(expected);
  });
});

describe('formatUsd', () => {
  test.each([
    [0, '$0.00'],
    [0.004, '<$0.01'],
    [0.005, '$0.01'],
    [0.21, '$0.21'],
    [12.345, '$12.35'],
  ])('%d as %s', (amount, expected) => {
    expect(formatUsd(amount)).toBe(expected);
  });
});

describe('formatUsage', () => {
  test('thread line', () => {
    const line = formatUsage(
      usage({ costUsd: 0.21, inputTokens: 63_000, outputTokens: 1_200, runs: 2 }),
    );
    expect(line).toBe('$0.21 · 63k in / 1.2k out');
  });

  test('some costs unknown', () => {
    const line = formatUsage(
      usage({ costUsd: 0.21, inputTokens: 500, outputTokens: 20, runs: 3, runsWithoutCost: 1 }),
    );
    expect(line).toBe('$0.21 (cost unknown for 1 of 3 runs) · 500 in / 20 out');
  });

  test('all costs unknown', () => {
    const line = formatUsage(usage({ inputTokens: 2000, runs: 2, runsWithoutCost: 2 }));
    expect(line).toBe('cost unknown · 2k in / 0 out');
  });

  test('no runs', () => {
    expect(formatUsage(emptyUsage)).toBe('$0.00 · 0 in / 0 out');
  });
});

describe('checkBudget', () => {
  test('no budget set', () => {
    expect(checkBudget({ usage: usage({ costUsd: 99, runs: 1 }) })).toEqual({
      status: 'unlimited',
      spentUsd: 99,
    });
  });

  test('within budget', () => {
    const check = checkBudget({ usage: usage({ costUsd: 1.25, runs: 1 }), budgetUsd: 5 });
    expect(check).toEqual({ status: 'within', spentUsd: 1.25, budgetUsd: 5, remainingUsd: 3.75 });
  });

  test('over budget', () => {
    const check = checkBudget({ usage: usage({ costUsd: 5.02, runs: 4 }), budgetUsd: 5 });
    expect(check.status).toBe('exceeded');
    if (check.status !== 'exceeded') return;
    expect(check.message).toBe(
      'This task has spent $5.02, which reaches its budget of $5.00, so no further agent run starts. To allow more, raise DECKHAND_TASK_BUDGET_USD on the workers and start the task again.',
    );
  });

  test('exactly at budget', () => {
    const check = checkBudget({ usage: usage({ costUsd: 5, runs: 2 }), budgetUsd: 5 });
    expect(check.status).toBe('exceeded');
  });

  test('over budget with unknown costs', () => {
    const check = checkBudget({
      usage: usage({ costUsd: 2, runs: 3, runsWithoutCost: 1 }),
      budgetUsd: 1,
    });
    expect(check.status).toBe('exceeded');
    if (check.status !== 'exceeded') return;
    expect(check.message).toContain(
      'This task has spent $2.00 (1 of 3 runs reported no cost and are not counted)',
    );
  });
});

describe('workflow-safe modules', () => {
  test('imports nothing at runtime', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    for (const file of ['src/cost/budget.ts', 'src/spec/model-choice.ts']) {
      const source = await readFile(join(__dirname, '../../..', file), 'utf8');
      const imports = source.match(/^import .*$/gm) ?? [];
      expect({ file, imports: imports.filter((line) => !line.startsWith('import type')) }).toEqual({
        file,
        imports: [],
      });
    }
  });
});
