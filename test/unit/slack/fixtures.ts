import type { ViewStateValue } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { Catalog } from '../../../src/catalog/catalog';
import { buildViewSubmissionPayload } from '../../../src/standins/slack';
import type { ViewStateValues } from '../../../src/slack/views/view-state';

/** Two aliased repositories; `acme/web` has a test command and a `develop` base branch. */
export const catalog: Catalog = Catalog.parse({
  repositories: [
    { slug: 'acme/api', cloneUrl: 'https://github.com/acme/api.git', aliases: ['backend'] },
    {
      slug: 'acme/web',
      cloneUrl: 'https://github.com/acme/web.git',
      aliases: ['frontend'],
      baseBranch: 'develop',
      testCommand: 'npm test',
    },
  ],
  channels: { CWEB: { repositories: ['acme/web'], agent: 'codex', model: 'gpt-5' } },
});

/** Builds a catalog of `count` repositories named `acme/repo-<n>` with alias `r<n>`. */
export function largeCatalog(count: number): Catalog {
  return Catalog.parse({
    repositories: Array.from({ length: count }, (_, n) => ({
      slug: `acme/repo-${n}`,
      cloneUrl: `/srv/git/repo-${n}.git`,
      aliases: [`r${n}`],
    })),
  });
}

/** State entries in the shape Slack sends in `view.state.values`. */
export const state = {
  text: (value: string | null): ViewStateValue => ({ type: 'plain_text_input', value }),
  select: (value: string | null): ViewStateValue => ({
    type: 'static_select',
    selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
  }),
  multi: (values: string[], type = 'multi_static_select'): ViewStateValue => ({
    type,
    selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
  }),
  checkboxes: (values: string[]): ViewStateValue => ({
    type: 'checkboxes',
    selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
  }),
  conversation: (id: string | null): ViewStateValue => ({
    type: 'conversations_select',
    selected_conversation: id,
  }),
};

/**
 * Submits `view` through the Slack stand-in's payload builder and returns the payload's
 * `view`, so tests read values from the same structure a `view_submission` carries.
 */
export function submit(
  view: ModalView,
  values: ViewStateValues,
): { private_metadata: string; state: { values: ViewStateValues } } {
  const payload = buildViewSubmissionPayload({
    user: { id: 'U0USER', username: 'ana' },
    view: {
      id: 'V0001',
      team_id: 'T0001',
      type: view.type,
      title: view.title,
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: '',
      state: { values: {} },
      hash: '1.abc',
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: 'V0001',
      previous_view_id: null,
      app_id: 'A0001',
      app_installed_team_id: 'T0001',
      bot_id: 'B0001',
    },
    values: values as Record<string, Record<string, unknown>>,
  });
  return payload.view as { private_metadata: string; state: { values: ViewStateValues } };
}
