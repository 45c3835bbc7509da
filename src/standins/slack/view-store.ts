import { randomBytes } from 'node:crypto';
import { SlackApiError } from './api-error';
import type { SlackView, SlackWorkspaceIdentity } from './types';

/** Maximum modal stack depth: Slack allows a root view plus two pushed views. */
export const maxViewStackDepth = 3;

function randomViewId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(10);
  return `V${[...bytes].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}

function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

/** Open modal views by id and `external_id`, with the stack of each root view. */
export class ViewStore {
  private readonly views = new Map<string, SlackView>();
  private readonly stacks = new Map<string, string[]>();
  private lastRootId: string | undefined;

  constructor(private readonly identity: SlackWorkspaceIdentity) {}

  private build(
    definition: Record<string, unknown>,
    id: string,
    previous: SlackView | null,
    rootId: string,
  ): SlackView {
    const externalId = typeof definition.external_id === 'string' ? definition.external_id : '';
    return {
      id,
      team_id: this.identity.teamId,
      type: String(definition.type),
      title: definition.title,
      submit: definition.submit,
      close: definition.close,
      blocks: Array.isArray(definition.blocks) ? definition.blocks : [],
      private_metadata:
        typeof definition.private_metadata === 'string' ? definition.private_metadata : '',
      callback_id: typeof definition.callback_id === 'string' ? definition.callback_id : '',
      external_id: externalId,
      state: { values: {} },
      hash: newHash(),
      clear_on_close: definition.clear_on_close === true,
      notify_on_close: definition.notify_on_close === true,
      root_view_id: rootId,
      previous_view_id: previous?.id ?? null,
      app_id: this.identity.appId,
      app_installed_team_id: this.identity.teamId,
      bot_id: this.identity.botId,
    };
  }

  private assertExternalIdFree(definition: Record<string, unknown>, exceptId?: string): void {
    const externalId = definition.external_id;
    if (typeof externalId !== 'string' || externalId.length === 0) {
      return;
    }
    const owner = [...this.views.values()].find((view) => view.external_id === externalId);
    if (owner && owner.id !== exceptId) {
      throw new SlackApiError('duplicate_external_id');
    }
  }

  open(definition: Record<string, unknown>): SlackView {
    this.assertExternalIdFree(definition);
    const id = randomViewId();
    const view = this.build(definition, id, null, id);
    this.views.set(id, view);
    this.stacks.set(id, [id]);
    this.lastRootId = id;
    return structuredClone(view);
  }

  /**
   * Pushes onto the stack of the most recently opened modal.
   * NOTE: Slack pushes onto the modal that issued the trigger id. The stand-in does not link
   * trigger ids to modals, so with two modals open a push can land on the wrong stack.
   */
  push(definition: Record<string, unknown>): SlackView {
    const stack = this.lastRootId === undefined ? undefined : this.stacks.get(this.lastRootId);
    if (!stack || this.lastRootId === undefined) {
      throw new SlackApiError('not_found');
    }
    if (stack.length >= maxViewStackDepth) {
      throw new SlackApiError('push_limit_reached');
    }
    this.assertExternalIdFree(definition);
    const previous = this.views.get(stack[stack.length - 1] ?? '') ?? null;
    const view = this.build(definition, randomViewId(), previous, this.lastRootId);
    this.views.set(view.id, view);
    stack.push(view.id);
    return structuredClone(view);
  }

  update(
    target: { viewId?: string; externalId?: string; hash?: string },
    definition: Record<string, unknown>,
  ): SlackView {
    const current =
      target.viewId !== undefined
        ? this.views.get(target.viewId)
        : [...this.views.values()].find((view) => view.external_id === target.externalId);
    if (!current) {
      throw new SlackApiError('not_found');
    }
    if (target.hash !== undefined && target.hash !== current.hash) {
      throw new SlackApiError('hash_conflict');
    }
    this.assertExternalIdFree(definition, current.id);
    const previous =
      current.previous_view_id === null ? null : (this.views.get(current.previous_view_id) ?? null);
    const view = this.build(definition, current.id, previous, current.root_view_id);
    this.views.set(view.id, view);
    return structuredClone(view);
  }

  /** Returns a copy of a view, or undefined when no view has that id. */
  get(id: string): SlackView | undefined {
    const view = this.views.get(id);
    return view === undefined ? undefined : structuredClone(view);
  }
}
