import { ConfigError, loadConfig } from '../../src/config';

const workerEnv = {
  DECKHAND_CATALOG: 'catalog.yaml',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  GITHUB_TOKEN: 'ghp_1',
  ANTHROPIC_API_KEY: 'sk-ant-1',
};

describe('loadConfig', () => {
  test('applies defaults', () => {
    const config = loadConfig(workerEnv, ['bot', 'worker']);
    expect(config.sandbox.maxAttempts).toBe(3);
    expect(config.github.apiUrl).toBe('https://api.github.com');
    expect(config.slack.mode).toBe('http');
    expect(config.temporal.taskQueue).toBe('deckhand');
  });

  test('names every missing variable', () => {
    expect(() => loadConfig({ DECKHAND_CATALOG: 'c.yaml' }, ['worker'])).toThrow(
      /SLACK_BOT_TOKEN, GITHUB_TOKEN, ANTHROPIC_API_KEY/,
    );
  });

  test('names an invalid variable', () => {
    const run = () => loadConfig({ ...workerEnv, DECKHAND_MAX_ATTEMPTS: 'three' }, ['worker']);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/DECKHAND_MAX_ATTEMPTS/);
  });

  test('socket mode needs an app token', () => {
    const env = { ...workerEnv, SLACK_MODE: 'socket' };
    expect(() => loadConfig(env, ['bot'])).toThrow(/SLACK_APP_TOKEN/);
    expect(loadConfig({ ...env, SLACK_APP_TOKEN: 'xapp-1' }, ['bot']).slack.appToken).toBe(
      'xapp-1',
    );
  });

  test('empty value counts as missing', () => {
    expect(() => loadConfig({ ...workerEnv, GITHUB_TOKEN: '' }, ['worker'])).toThrow(
      /GITHUB_TOKEN/,
    );
  });

  test('rejects a malformed URL', () => {
    expect(() => loadConfig({ ...workerEnv, GITHUB_API_URL: 'not a url' }, ['worker'])).toThrow(
      /GITHUB_API_URL/,
    );
  });
});
