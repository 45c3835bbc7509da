import type { ViewStateValue } from '@slack/bolt';

/**
 * `view.state.values` of a `view_submission` or `block_actions` payload: input values keyed by
 * `block_id`, then by `action_id`.
 */
export type ViewStateValues = Readonly<Record<string, Readonly<Record<string, ViewStateValue>>>>;

/** Identifies one element in a view's state. */
export interface StateKey {
  blockId: string;
  actionId: string;
}

function valueAt(values: ViewStateValues, key: StateKey): ViewStateValue | undefined {
  return values[key.blockId]?.[key.actionId];
}

/** Returns the text of a `plain_text_input`, or undefined when the block is absent or empty. */
export function readText(values: ViewStateValues, key: StateKey): string | undefined {
  const value = valueAt(values, key)?.value;
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** Returns the option value chosen in a `static_select` or `external_select`. */
export function readSelectedValue(values: ViewStateValues, key: StateKey): string | undefined {
  return valueAt(values, key)?.selected_option?.value ?? undefined;
}

/** Returns the option values chosen in a multi-select or `checkboxes` element, in order. */
export function readSelectedValues(values: ViewStateValues, key: StateKey): string[] {
  const options = valueAt(values, key)?.selected_options ?? [];
  return options.map((option) => option.value);
}

/** Returns the conversation id chosen in a `conversations_select`. */
export function readConversation(values: ViewStateValues, key: StateKey): string | undefined {
  return valueAt(values, key)?.selected_conversation ?? undefined;
}

/** Reports whether the state contains an element at `key`, even with an empty value. */
export function hasElement(values: ViewStateValues, key: StateKey): boolean {
  return valueAt(values, key) !== undefined;
}
