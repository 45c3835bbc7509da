import { StreamJsonReader } from '../../../activities/agent/stream-json';

const lines = [
  { type: 'system', subtype: 'init', tools: ['Write'] },
  {
    type: 'assistant',
    message: {
      content: [
        { type: 'text', text: 'Editing.' },
        { type: 'tool_use', name: 'Edit', input: { file_path: '/workspace/src/a.ts' } },
        { type: 'tool_use', name: 'Bash', input: { command: 'npm test\nnpm run lint' } },
      ],
    },
  },
  { type: 'result', subtype: 'success', is_error: false, result: 'Done', total_cost_usd: 0.01 },
].map((event) => JSON.stringify(event));

describe('StreamJsonReader', () => {
  test('reads actions and the result across chunk borders', () => {
    const reader = new StreamJsonReader();
    const text = `${lines.join('\n')}\n`;
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    reader.end();
    expect(reader.actions).toEqual(['editing src/a.ts', 'running npm test']);
    expect(reader.result?.is_error).toBe(false);
    expect(reader.result?.total_cost_usd).toBe(0.01);
  });

  test('ignores lines that are not JSON', () => {
    const reader = new StreamJsonReader();
    reader.push('warning: something\n{not json\n');
    reader.push(lines[2] ?? '');
    reader.end();
    expect(reader.result?.subtype).toBe('success');
  });

  test('has no result when the run was cut off', () => {
    const reader = new StreamJsonReader();
    reader.push(`${lines[0]}\n${lines[1]}`);
    reader.end();
    expect(reader.result).toBeUndefined();
  });

  test('records writes the system refused', () => {
    const reader = new StreamJsonReader();
    const use = {
      type: 'tool_use',
      id: 'toolu_1',
      name: 'Write',
      input: { file_path: '/workspace/locked/a.txt' },
    };
    const refused = {
      type: 'tool_result',
      tool_use_id: 'toolu_1',
      is_error: true,
      content: "EACCES: permission denied, open '/workspace/locked/a.txt'",
    };
    reader.push(`${JSON.stringify({ type: 'assistant', message: { content: [use] } })}\n`);
    reader.push(`${JSON.stringify({ type: 'user', message: { content: [refused] } })}\n`);
    reader.end();
    expect(reader.deniedWrites).toEqual(['locked/a.txt']);
  });
});
