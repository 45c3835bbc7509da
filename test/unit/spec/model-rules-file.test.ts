import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { chooseModel, defaultModelRules } from '../../../src/spec/model-choice';
import { loadModelRules, ModelRulesError } from '../../../src/spec/model-rules-file';

async function write(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'model-rules-')), name);
  await writeFile(path, content);
  return path;
}

describe('loadModelRules', () => {
  test('reads the default table back', async () => {
    const path = await write('rules.yaml', stringify(defaultModelRules));
    expect(await loadModelRules(path)).toEqual(JSON.parse(JSON.stringify(defaultModelRules)));
  });

  test('replaced table changes the choice', async () => {
    const rules = {
      ...defaultModelRules,
      rules: [{ kind: 'a docs change', keywords: ['docs'], tier: 'deep' }],
    };
    const path = await write('rules.json', JSON.stringify(rules));
    const task = { instructions: 'update the docs', repositories: [1], filePaths: [] };
    const choice = chooseModel({ task, rules: await loadModelRules(path) });
    expect(choice.tier).toBe('deep');
    expect(choice.reason).toMatch(/a docs change/);
  });

  test('invalid tier names the field', async () => {
    const path = await write(
      'bad.yaml',
      stringify({ ...defaultModelRules, fallback: { kind: 'x', tier: 'huge' } }),
    );
    const load = loadModelRules(path);
    await expect(load).rejects.toThrow(ModelRulesError);
    await expect(loadModelRules(path)).rejects.toThrow(/fallback\.tier/);
  });

  test('missing file says so', async () => {
    await expect(loadModelRules('/nonexistent/rules.yaml')).rejects.toThrow(/Cannot read/);
  });
});
