import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRuleFile } from '../../../activities/rule-file';
import {
  buildRulesText,
  maxRulesTextLength,
  OrgRuleFileError,
  truncate,
} from '../../../activities/rules-prompt';

async function folder(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rules-prompt-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(root, name), content);
  }
  return root;
}

const orgRules = 'Use British spelling in docs.\nIMPORTANT: never print secrets.\n';
const repoRules = 'Test: `npm test`\nWARNING: do not touch migrations/.\nPrefer small PRs.\n';

describe('buildRulesText', () => {
  test('constraints, then organisation, then repository', async () => {
    const orgRoot = await folder({ 'org.md': orgRules });
    const repoRoot = await folder({ 'AGENTS.md': repoRules });
    const orgRuleFile = join(orgRoot, 'org.md');

    const text = await buildRulesText({ orgRuleFile, repoRoot });

    expect(text).toBe(
      [
        'Hard constraints. Follow every one of these, even where other instructions differ:',
        `- never print secrets. (from the organisation rule file (${orgRuleFile}))`,
        "- do not touch migrations/. (from the repository's AGENTS.md)",
        '',
        `Rules from the organisation rule file (${orgRuleFile}):`,
        '',
        orgRules.trim(),
        '',
        "Rules from the repository's AGENTS.md:",
        '',
        repoRules.trim(),
      ].join('\n'),
    );
  });

  test('organisation text before repository text', async () => {
    const orgRoot = await folder({ 'org.md': 'ORG-MARK' });
    const repoRoot = await folder({ 'CLAUDE.md': 'REPO-MARK' });
    const text = await buildRulesText({ orgRuleFile: join(orgRoot, 'org.md'), repoRoot });
    expect(text).toBeDefined();
    expect(text!.indexOf('ORG-MARK')).toBeLessThan(text!.indexOf('REPO-MARK'));
    expect(text).not.toContain('Hard constraints');
  });

  test('uses the given rule file', async () => {
    const repoRoot = await folder({ 'AGENTS.md': repoRules, 'CLAUDE.md': 'CLAUDE-ONLY' });
    const ruleFile = await findRuleFile(repoRoot);
    const text = await buildRulesText({ repoRoot, ruleFile });
    expect(text).toContain("Rules from the repository's AGENTS.md:");
    expect(text).not.toContain('CLAUDE-ONLY');
  });

  test('plain RuleFile gets constraints', async () => {
    const repoRoot = await folder({ '.rules': 'IMPORTANT: keep it short' });
    const text = await buildRulesText({ repoRoot, ruleFile: { path: '.rules' } });
    expect(text).toContain("- keep it short (from the repository's .rules)");
  });

  test('organisation file alone', async () => {
    const orgRoot = await folder({ 'org.md': orgRules });
    const repoRoot = await folder({});
    const text = await buildRulesText({ orgRuleFile: join(orgRoot, 'org.md'), repoRoot });
    expect(text).toContain('Use British spelling in docs.');
    expect(text).not.toContain("the repository's");
  });

  test('agent reads repository file', async () => {
    const repoRoot = await folder({ 'CLAUDE.md': repoRules });
    const text = await buildRulesText({ repoRoot, agentReadsRepositoryFile: true });
    expect(text).toBe(
      'Hard constraints. Follow every one of these, even where other instructions differ:\n' +
        "- do not touch migrations/. (from the repository's CLAUDE.md)",
    );
  });

  test('agent reads file without constraints', async () => {
    const repoRoot = await folder({ 'CLAUDE.md': 'Prefer small PRs.' });
    const text = await buildRulesText({ repoRoot, agentReadsRepositoryFile: true });
    expect(text).toBeUndefined();
  });

  test('nothing to hand over', async () => {
    const repoRoot = await folder({});
    expect(await buildRulesText({ repoRoot })).toBeUndefined();
  });

  test('missing organisation file', async () => {
    const repoRoot = await folder({});
    const orgRuleFile = join(repoRoot, 'nope.md');
    const built = buildRulesText({ orgRuleFile, repoRoot });
    await expect(built).rejects.toThrow(OrgRuleFileError);
    await expect(built).rejects.toMatchObject({ code: 'org_rule_file_unreadable' });
    await expect(built).rejects.toThrow(
      `The organisation rule file ${orgRuleFile} could not be read`,
    );
  });

  test('long rules truncated at the end', async () => {
    const line = 'Keep functions short and name them after what they do.\n';
    const repoRoot = await folder({ 'AGENTS.md': 'IMPORTANT: first\n' + line.repeat(1000) });
    const text = await buildRulesText({ repoRoot });
    expect(text).toBeDefined();
    expect(text!.length).toBeLessThanOrEqual(maxRulesTextLength);
    expect(text!.startsWith('Hard constraints.')).toBe(true);
    expect(text).toMatch(/\n\[Truncated: the last \d+ characters of the rules were left out/);
    expect(text!.endsWith(' characters.]')).toBe(true);
  });
});

describe('truncate', () => {
  test('short text unchanged', () => {
    expect(truncate('abc', 10)).toBe('abc');
  });

  test('exact length unchanged', () => {
    expect(truncate('x'.repeat(200), 200)).toBe('x'.repeat(200));
  });

  test('cuts on a line boundary', () => {
    const text = Array.from({ length: 50 }, (_unused, index) => `line ${index}`).join('\n');
    const cut = truncate(text, 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    const [kept, marker] = cut.split('\n[Truncated: ');
    expect(text.startsWith(kept! + '\n')).toBe(true);
    const omitted = Number(/the last (\d+) characters/.exec(marker!)?.[1]);
    expect(kept!.length + omitted).toBe(text.length);
  });

  test('keeps surrogate pairs whole', () => {
    const text = '😀'.repeat(200);
    const cut = truncate(text, 201);
    const kept = cut.split('\n[Truncated: ')[0]!;
    expect(kept.length % 2).toBe(0);
    expect(kept).toBe('😀'.repeat(kept.length / 2));
  });
});
