import { escapeMrkdwn, fence, renderStatus } from '../../../workflows/messages';
import { branchName } from '../../../workflows/naming';
import type { TaskSpec } from '../../../src/spec/task-spec';

const spec: TaskSpec = {
  title: 'Add <pagination> & cursors',
  instructions: 'Add pagination',
  sections: [{ heading: 'Requirements', items: ['a'], text: '' }],
  filePaths: ['src/a.ts'],
  repositories: [{ slug: 'acme/backend', baseBranch: 'main' }],
  agent: 'claude-code',
  model: 'sonnet',
  dependencies: [],
  requireApproval: false,
  origin: {
    source: 'mention',
    teamId: 'T1',
    channel: 'C1',
    messageTs: '1.1',
    threadTs: '1.1',
    userId: 'U1',
  },
};

describe('status message', () => {
  test('escapes user text', () => {
    const { text } = renderStatus({
      spec,
      progress: [{ repository: 'acme/backend', phase: 'queued' }],
    });
    expect(text).toContain('Add &lt;pagination&gt; &amp; cursors');
    expect(text).not.toContain('<pagination>');
  });

  test('keeps sections under Slack limits', () => {
    const progress = Array.from({ length: 200 }, (_, i) => ({
      repository: `acme/repo-${i}`,
      phase: 'failed' as const,
      detail: 'x'.repeat(300),
    }));
    const { blocks } = renderStatus({ spec, progress, finished: 'failed' });
    for (const block of blocks as { text?: { text: string } }[]) {
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    }
  });

  test('shows the final state', () => {
    const { text } = renderStatus({ spec, progress: [], finished: 'done' });
    expect(text).toMatch(/Task done\.$/);
  });
});

describe('fence', () => {
  test('keeps the end of long output', () => {
    const output = `${'a'.repeat(5000)}END`;
    const fenced = fence(output);
    expect(fenced).toContain('END');
    expect(fenced.length).toBeLessThan(1600);
  });

  test('cannot be closed early by the output', () => {
    expect(fence('x ``` y')).toBe("```\nx ''' y\n```");
  });

  test('escapes markup', () => {
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
  });
});

describe('branchName', () => {
  test('uses the repository name', () => {
    expect(branchName('abc123', 'acme/Back_End')).toBe('deckhand/abc123-back_end');
  });
});
