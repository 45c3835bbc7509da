import { recognizeSentryAlert } from '../../../src/sentry/alert';
import { parseSentryIssueUrl } from '../../../src/sentry/issue-url';
import { SlackWorkspace, alertFromAnotherApp, type MessageSeed } from '../../../src/standins/slack';
import {
  blockKitAlert,
  blockKitAttachmentAlert,
  legacyAttachmentAlert,
} from '../../fixtures/sentry/slack-alerts';

const channel = 'C0ALERTS';

/** Stores the seed in a Slack stand-in workspace and returns it in Slack's wire format. */
function wireMessage(seed: MessageSeed) {
  const workspace = new SlackWorkspace();
  workspace.addChannel({ id: channel, name: 'alerts' });
  return workspace.seedMessage(seed);
}

describe('recognizeSentryAlert', () => {
  it('reads a Block Kit alert', () => {
    const result = recognizeSentryAlert(wireMessage(blockKitAlert(channel)));

    expect(result).toEqual({
      kind: 'sentry_alert',
      alert: {
        issueId: '4509123456',
        organization: 'acme',
        project: 'backend',
        shortId: 'BACKEND-1A',
        title: 'TypeError',
        url: 'https://acme.sentry.io/issues/4509123456/',
      },
    });
  });

  it('reads Block Kit blocks inside an attachment', () => {
    const result = recognizeSentryAlert(wireMessage(blockKitAttachmentAlert(channel)));

    expect(result).toEqual({
      kind: 'sentry_alert',
      alert: {
        issueId: '77',
        organization: 'acme',
        project: 'payments',
        shortId: 'PAYMENTS-7',
        title: 'ValueError: amount must be positive',
        url: 'https://sentry.example.com/organizations/acme/issues/77/',
      },
    });
  });

  it('reads a legacy attachment alert', () => {
    const result = recognizeSentryAlert(wireMessage(legacyAttachmentAlert(channel)));

    expect(result).toEqual({
      kind: 'sentry_alert',
      alert: {
        issueId: '1170820242',
        organization: 'acme',
        project: 'billing',
        shortId: 'BILLING-3',
        title: 'ZeroDivisionError: division by zero',
        url: 'https://sentry.example.com/organizations/acme/issues/1170820242/',
      },
    });
  });

  it('reads the issue link from attachment fields', () => {
    const seed = legacyAttachmentAlert(channel);
    const attachment = { ...(seed.attachments?.[0] as Record<string, unknown>) };
    delete attachment.title_link;
    delete attachment.title;
    attachment.fields = [
      {
        title: 'Issue',
        value: '<https://sentry.example.com/organizations/acme/issues/1170820242/|open>',
      },
    ];
    const result = recognizeSentryAlert(wireMessage({ ...seed, attachments: [attachment] }));

    expect(result.kind).toBe('sentry_alert');
    if (result.kind !== 'sentry_alert') return;
    expect(result.alert.issueId).toBe('1170820242');
    expect(result.alert.title).toBe('ZeroDivisionError: division by zero');
    expect(result.alert.project).toBe('billing');
  });

  it('rejects another monitoring app alert', () => {
    const result = recognizeSentryAlert(wireMessage(alertFromAnotherApp(channel)));

    expect(result.kind).toBe('not_sentry_alert');
  });

  it('rejects a person pasting a Sentry link', () => {
    const result = recognizeSentryAlert(
      wireMessage({
        channel,
        user: 'U0HUMAN',
        text: 'Look at <https://acme.sentry.io/issues/4509123456/>',
      }),
    );

    expect(result).toEqual({
      kind: 'not_sentry_alert',
      code: 'not_sentry_alert',
      reason: expect.stringContaining('Sentry issue id'),
    });
  });

  it('rejects a block id that names another issue', () => {
    const seed = blockKitAlert(channel);
    const blocks = structuredClone(seed.blocks ?? []) as Array<Record<string, unknown>>;
    const first = blocks[0] as Record<string, unknown>;
    first.block_id = '{"issue":999}';
    const result = recognizeSentryAlert(wireMessage({ ...seed, blocks }));

    expect(result.kind).toBe('not_sentry_alert');
  });

  it('rejects a block id that is not JSON', () => {
    const seed = blockKitAlert(channel);
    const blocks = structuredClone(seed.blocks ?? []) as Array<Record<string, unknown>>;
    (blocks[0] as Record<string, unknown>).block_id = 'tags_issue_4509123456';
    const result = recognizeSentryAlert(wireMessage({ ...seed, blocks }));

    expect(result.kind).toBe('not_sentry_alert');
  });

  it('tolerates malformed blocks and attachments', () => {
    const result = recognizeSentryAlert({
      text: '',
      blocks: [null, 'text', { type: 'section', block_id: '{', text: 5 }],
      attachments: [42, { callback_id: '{"issue":"x"}' }],
    });

    expect(result.kind).toBe('not_sentry_alert');
  });
});

describe('parseSentryIssueUrl', () => {
  const cases: Array<[string, ReturnType<typeof parseSentryIssueUrl>]> = [
    [
      'https://acme.sentry.io/issues/123/?referrer=slack',
      { issueId: '123', organization: 'acme', url: 'https://acme.sentry.io/issues/123/' },
    ],
    [
      'https://sentry.io/organizations/acme/issues/123/events/abc/',
      {
        issueId: '123',
        organization: 'acme',
        url: 'https://sentry.io/organizations/acme/issues/123/events/abc/',
      },
    ],
    [
      'https://sentry.example.com/organizations/acme/issues/123/',
      {
        issueId: '123',
        organization: 'acme',
        url: 'https://sentry.example.com/organizations/acme/issues/123/',
      },
    ],
    [
      'https://sentry.example.com/acme/backend/issues/123/',
      {
        issueId: '123',
        organization: 'acme',
        url: 'https://sentry.example.com/acme/backend/issues/123/',
      },
    ],
    [
      'https://sentry.example.com/issues/123/',
      { issueId: '123', url: 'https://sentry.example.com/issues/123/' },
    ],
    [
      'https://us.sentry.io/issues/123/',
      { issueId: '123', url: 'https://us.sentry.io/issues/123/' },
    ],
    ['https://acme.sentry.io/issues/', undefined],
    ['https://acme.sentry.io/issues/BACKEND-1A/', undefined],
    ['ftp://acme.sentry.io/issues/123/', undefined],
    ['not a url', undefined],
  ];

  it.each(cases)('parses %s', (url, expected) => {
    expect(parseSentryIssueUrl(url)).toEqual(expected);
  });
});
