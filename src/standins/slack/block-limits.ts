import { SlackApiError } from './api-error';

/**
 * Block Kit limits from Slack's reference pages (docs.slack.dev/reference/block-kit): 50 blocks
 * per message, 100 per modal, section `text` up to 3,000 characters, section `fields` up to 10
 * items of 2,000 characters, header `text` up to 150, `block_id` up to 255, context elements up
 * to 10, actions elements up to 25.
 */
export const blockLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  blockId: 255,
  contextElements: 10,
  actionsElements: 25,
} as const;

/** Maximum `text` length of `chat.postMessage` and `chat.update` before `msg_too_long`. */
export const maxMessageTextLength = 40_000;

/**
 * Collects Block Kit violations as Slack words them: `[ERROR] <reason> [json-pointer:<path>]`,
 * for example `[ERROR] no more than 50 items allowed [json-pointer:/blocks]`.
 */
class ViolationList {
  readonly messages: string[] = [];

  tooManyItems(max: number, pointer: string): void {
    this.messages.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`);
  }

  tooLong(max: number, pointer: string): void {
    this.messages.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }

  missing(pointer: string): void {
    this.messages.push(`[ERROR] missing required field: type [json-pointer:${pointer}]`);
  }
}

function textLength(textObject: unknown): number {
  if (typeof textObject !== 'object' || textObject === null) {
    return 0;
  }
  const text = (textObject as { text?: unknown }).text;
  return typeof text === 'string' ? text.length : 0;
}

function checkBlock(block: unknown, pointer: string, violations: ViolationList): void {
  if (
    typeof block !== 'object' ||
    block === null ||
    typeof (block as { type?: unknown }).type !== 'string'
  ) {
    violations.missing(pointer);
    return;
  }
  const { type, text, fields, elements, block_id: blockId } = block as Record<string, unknown>;
  if (typeof blockId === 'string' && blockId.length > blockLimits.blockId) {
    violations.tooLong(blockLimits.blockId, `${pointer}/block_id`);
  }
  if (type === 'section') {
    if (textLength(text) > blockLimits.sectionText) {
      violations.tooLong(blockLimits.sectionText, `${pointer}/text/text`);
    }
    if (Array.isArray(fields)) {
      if (fields.length > blockLimits.sectionFields) {
        violations.tooManyItems(blockLimits.sectionFields, `${pointer}/fields`);
      }
      fields.forEach((field, index) => {
        if (textLength(field) > blockLimits.sectionFieldText) {
          violations.tooLong(blockLimits.sectionFieldText, `${pointer}/fields/${index}/text`);
        }
      });
    }
  } else if (type === 'header' && textLength(text) > blockLimits.headerText) {
    violations.tooLong(blockLimits.headerText, `${pointer}/text/text`);
  } else if (type === 'context' && Array.isArray(elements)) {
    if (elements.length > blockLimits.contextElements) {
      violations.tooManyItems(blockLimits.contextElements, `${pointer}/elements`);
    }
  } else if (type === 'actions' && Array.isArray(elements)) {
    if (elements.length > blockLimits.actionsElements) {
      violations.tooManyItems(blockLimits.actionsElements, `${pointer}/elements`);
    }
  }
}

function collectViolations(blocks: unknown[], maxBlocks: number, pointer: string): string[] {
  const violations = new ViolationList();
  if (blocks.length > maxBlocks) {
    violations.tooManyItems(maxBlocks, pointer);
  }
  blocks.forEach((block, index) => checkBlock(block, `${pointer}/${index}`, violations));
  return violations.messages;
}

/**
 * Throws `invalid_blocks` when message blocks break a Block Kit limit. The error carries the
 * violations in `errors` (without the `[ERROR]` prefix) and in `response_metadata.messages`,
 * matching recorded Slack responses.
 */
export function assertValidMessageBlocks(blocks: unknown[]): void {
  const messages = collectViolations(blocks, blockLimits.messageBlocks, '/blocks');
  if (messages.length > 0) {
    throw new SlackApiError('invalid_blocks', {
      errors: messages.map((message) => message.replace(/^\[ERROR\] /, '')),
      response_metadata: { messages },
    });
  }
}

/**
 * Throws `invalid_arguments` when modal blocks break a Block Kit limit, with pointers under
 * `/view/blocks` as Slack reports them for `views.*` methods.
 */
export function assertValidViewBlocks(blocks: unknown[]): void {
  // NOTE: the error code for oversized views is taken from views.* error lists, where block
  // problems surface as `invalid_arguments`; no recorded response for each case was at hand.
  const messages = collectViolations(blocks, blockLimits.viewBlocks, '/view/blocks');
  if (messages.length > 0) {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages } });
  }
}
