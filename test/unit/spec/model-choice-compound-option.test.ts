import { parseMention } from '../../../src/spec/parse-mention';
import { botUserId, origin, twoRepositoryCatalog, userNames } from './fixtures';

function parse(text: string, channel = origin.channel) {
  return parseMention({
    text,
    botUserId,
    catalog: twoRepositoryCatalog,
    origin: { ...origin, channel },
    userNames,
  });
}

function parseSpec(text: string, channel?: string) {
  const result = parse(text, channel);
  if (!result.ok) throw new Error(result.error.message);
  return result.spec;
}

function parseError(text: string) {
  const result = parse(text);
  if (result.ok) throw new Error(`expected an error, got a spec titled "${result.spec.title}"`);
  return result.error;
}

describe('compound agent option', () => {
  test('agent and model', () => {
    const spec = parseSpec('<@U0BOT> Fix the login test in backend claude-code:opus');
    expect(spec.agent).toBe('claude-code');
    expect(spec.model).toBe('opus');
    expect(spec.effort).toBeUndefined();
    expect(spec.instructions).toBe('Fix the login test in backend');
  });

  test('agent, model and effort', () => {
    const spec = parseSpec('<@U0BOT> codex:gpt-5.1-codex-max:high Fix the login test in backend');
    expect(spec.agent).toBe('codex');
    expect(spec.model).toBe('gpt-5.1-codex-max');
    expect(spec.effort).toBe('high');
    expect(spec.title).toBe('Fix the login test in backend');
  });

  test('any case and trailing period', () => {
    const spec = parseSpec(
      '<@U0BOT> Fix the login test in backend with Codex:gpt-5.1-codex:XHigh.',
    );
    expect(spec.agent).toBe('codex');
    expect(spec.model).toBe('gpt-5.1-codex');
    expect(spec.effort).toBe('xhigh');
    expect(spec.instructions).toBe('Fix the login test in backend with.');
  });

  test('claude-code max effort', () => {
    const spec = parseSpec('<@U0BOT> Fix it in backend claude-code:sonnet:max');
    expect(spec.effort).toBe('max');
  });

  test('overrides channel model', () => {
    const spec = parseSpec('<@U0BOT> Fix it in frontend gemini:gemini-2.5-flash', 'CWEB');
    expect(spec.agent).toBe('gemini');
    expect(spec.model).toBe('gemini-2.5-flash');
  });

  test('agent and model options still work', () => {
    const spec = parseSpec('<@U0BOT> Fix it in backend agent:codex model:gpt-5.1-codex');
    expect(spec.agent).toBe('codex');
    expect(spec.model).toBe('gpt-5.1-codex');
    expect(spec.effort).toBeUndefined();
  });

  test('matching agent option agrees', () => {
    const spec = parseSpec('<@U0BOT> Fix it in backend agent:codex codex:gpt-5.1-codex:low');
    expect(spec.agent).toBe('codex');
    expect(spec.effort).toBe('low');
  });

  test('inline code stays prose', () => {
    const spec = parseSpec('<@U0BOT> Document `codex:gpt-5:high` in backend');
    expect(spec.agent).toBe('claude-code');
    expect(spec.model).toBeUndefined();
  });

  test('other hyphenated words stay prose', () => {
    const spec = parseSpec('<@U0BOT> Handle follow-up:later in backend');
    expect(spec.instructions).toBe('Handle follow-up:later in backend');
  });
});

describe('compound agent option errors', () => {
  test('invalid codex effort', () => {
    const error = parseError('<@U0BOT> Fix it in backend codex:gpt-5.1-codex:extreme');
    expect(error.code).toBe('invalid_option');
    expect(error.message).toContain(
      'sets the effort `extreme`, but codex accepts only none, minimal, low, medium, high, xhigh, max, ultra',
    );
    expect(error.message).toContain('`codex:gpt-5.1-codex:extreme`');
  });

  test('effort for agent without efforts', () => {
    const error = parseError('<@U0BOT> Fix it in backend gemini:gemini-2.5-pro:high');
    expect(error.code).toBe('invalid_option');
    expect(error.message).toContain('but gemini takes no effort level');
  });

  test('missing model', () => {
    const error = parseError('<@U0BOT> Fix it in backend codex::high');
    expect(error.code).toBe('invalid_option');
    expect(error.message).toContain('is not a valid model name');
  });

  test('conflicting agents', () => {
    const error = parseError('<@U0BOT> Fix it in backend agent:codex claude-code:opus');
    expect(error.code).toBe('invalid_option');
    expect(error.message).toContain('(codex, claude-code)');
  });

  test('conflicting efforts', () => {
    const error = parseError('<@U0BOT> Fix it in backend codex:gpt-5:low codex:gpt-5:high');
    expect(error.code).toBe('invalid_option');
    expect(error.message).toContain('(low, high)');
  });
});
