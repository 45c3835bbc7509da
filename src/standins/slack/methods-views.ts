import { SlackApiError } from './api-error';
import { assertValidViewBlocks } from './block-limits';
import type { MethodHandler } from './method-handler';
import { jsonArg, stringArg } from './request-parsing';
import type { SlackMethodArgs } from './types';

/** Maximum modal title length, from Slack's view object reference. */
const maxTitleLength = 24;

/** Decodes and checks the `view` argument of the `views.*` methods. */
function readView(args: SlackMethodArgs): Record<string, unknown> {
  const view = jsonArg(args, 'view', 'invalid_arguments');
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: view'] },
    });
  }
  const definition = view as Record<string, unknown>;
  if (definition.type !== 'modal') {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: ['[ERROR] must be a valid enum value [json-pointer:/view/type]'],
      },
    });
  }
  const title = (definition.title as { text?: unknown } | undefined)?.text;
  if (typeof title === 'string' && title.length > maxTitleLength) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: [
          `[ERROR] must be less than ${maxTitleLength + 1} characters [json-pointer:/view/title/text]`,
        ],
      },
    });
  }
  assertValidViewBlocks(Array.isArray(definition.blocks) ? definition.blocks : []);
  return definition;
}

const open: MethodHandler = ({ args, workspace, views }) => {
  const definition = readView(args);
  workspace.consumeTriggerId(args.trigger_id);
  return { view: views.open(definition) };
};

const push: MethodHandler = ({ args, workspace, views }) => {
  const definition = readView(args);
  workspace.consumeTriggerId(args.trigger_id);
  return { view: views.push(definition) };
};

const update: MethodHandler = ({ args, views }) => {
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  if (viewId === undefined && externalId === undefined) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] either view_id or external_id is required'] },
    });
  }
  const definition = readView(args);
  return { view: views.update({ viewId, externalId, hash: stringArg(args, 'hash') }, definition) };
};

/** Handlers for `views.open`, `views.push` and `views.update`. */
export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
};
