import type { MessageSeed } from './workspace';

/**
 * An alert another app posted, in the shape monitoring integrations send: `subtype`
 * `bot_message`, a `bot_id` and `username` instead of `user`, and a colored legacy attachment
 * with fields. Seed it with `SlackStandIn.seedMessage` to test reading other apps' messages.
 */
export function alertFromAnotherApp(
  channel: string,
  overrides: Partial<MessageSeed> = {},
): MessageSeed {
  return {
    channel,
    subtype: 'bot_message',
    botId: 'B0ALERTS01',
    appId: 'A0ALERTS01',
    username: 'Alertmanager',
    text: '',
    attachments: [
      {
        fallback: '[FIRING:1] HighErrorRate api (critical)',
        color: 'danger',
        title: '[FIRING:1] HighErrorRate api (critical)',
        text: 'Error rate above 5% for 10 minutes on service api.',
        fields: [
          { title: 'severity', value: 'critical', short: true },
          { title: 'service', value: 'api', short: true },
        ],
      },
    ],
    ...overrides,
  };
}
