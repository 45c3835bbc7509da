import type { InputBlock, ModalView } from '@slack/types';
import { assertValidViewBlocks } from '../../../src/standins/slack/block-limits';
import {
  findRepositoryByOptionValue,
  maxStaticRepositoryOptions,
  repositoryOptionValue,
  repositoryOptions,
} from '../../../src/slack/views/repository-options';
import {
  buildScopeModal,
  maxRepositoriesPerTask,
  rebuildScopeModal,
} from '../../../src/slack/views/scope-modal';
import {
  decodeScopeMetadata,
  encodeScopeMetadata,
  modelBlockId,
  repositoryBlockId,
  scopeActionIds,
  scopeBlockIds,
  scopeModalCallbackId,
} from '../../../src/slack/views/scope-modal-ids';
import { SlackViewError } from '../../../src/slack/views/errors';
import { catalog, largeCatalog, state, submit } from './fixtures';

const origin = { teamId: 'T0001', channel: 'C0001', threadTs: '1718000000.000100' };

function inputBlock(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((candidate) => candidate.block_id === blockId);
  if (block?.type !== 'input') {
    throw new Error(`no input block ${blockId}`);
  }
  return block as InputBlock;
}

function blockIds(view: ModalView): (string | undefined)[] {
  return view.blocks.map((block) => block.block_id);
}

describe('buildScopeModal', () => {
  test('view fields and metadata', () => {
    const view = buildScopeModal({ catalog, origin });
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe(scopeModalCallbackId);
    expect(decodeScopeMetadata(view.private_metadata ?? '')).toEqual(origin);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(() => assertValidViewBlocks(view.blocks)).not.toThrow();
  });

  test('fixed inputs without repositories', () => {
    const view = buildScopeModal({ catalog, origin });
    expect(blockIds(view)).toEqual([
      scopeBlockIds.task,
      scopeBlockIds.repositories,
      scopeBlockIds.agent,
      modelBlockId('claude-code'),
      scopeBlockIds.requireApproval,
      scopeBlockIds.reportChannel,
    ]);
    const task = inputBlock(view, scopeBlockIds.task).element;
    expect(task).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
  });

  test('static repository select up to threshold', () => {
    const view = buildScopeModal({ catalog: largeCatalog(maxStaticRepositoryOptions), origin });
    const block = inputBlock(view, scopeBlockIds.repositories);
    expect(block.dispatch_action).toBe(true);
    expect(block.element.type).toBe('multi_static_select');
    expect(block.element).toHaveProperty('options.length', 100);
    expect(block.element).toHaveProperty('max_selected_items', maxRepositoriesPerTask);
  });

  test('external repository select above threshold', () => {
    const view = buildScopeModal({ catalog: largeCatalog(maxStaticRepositoryOptions + 1), origin });
    const element = inputBlock(view, scopeBlockIds.repositories).element;
    expect(element.type).toBe('multi_external_select');
    expect(element).not.toHaveProperty('options');
  });

  test('repository inputs with catalog base branch', () => {
    const view = buildScopeModal({ catalog, origin, initial: { repositories: ['acme/web'] } });
    const branch = inputBlock(view, repositoryBlockId('baseBranch', 'acme/web'));
    expect(branch.optional).toBe(false);
    expect(branch.element).toMatchObject({ initial_value: 'develop' });
    const role = inputBlock(view, repositoryBlockId('role', 'acme/web'));
    expect(role.optional).toBe(true);
    const test = inputBlock(view, repositoryBlockId('testCommand', 'acme/web'));
    expect(test.element).not.toHaveProperty('initial_value');
    expect(test.element).toHaveProperty(
      'placeholder.text',
      "Empty runs the catalog's command: npm test",
    );
    const repositories = inputBlock(view, scopeBlockIds.repositories).element;
    expect(repositories).toHaveProperty('initial_options', [
      {
        text: { type: 'plain_text', text: 'acme/web', emoji: true },
        value: 'acme/web',
        description: { type: 'plain_text', text: 'frontend', emoji: true },
      },
    ]);
  });

  test('channel defaults for agent and model', () => {
    const view = buildScopeModal({ catalog, origin: { channel: 'CWEB' } });
    expect(inputBlock(view, scopeBlockIds.agent).element).toHaveProperty(
      'initial_option.value',
      'codex',
    );
    expect(inputBlock(view, modelBlockId('codex')).element).toMatchObject({
      type: 'plain_text_input',
      initial_value: 'gpt-5',
    });
  });

  test('model select from choices', () => {
    const view = buildScopeModal({
      catalog,
      origin,
      models: { 'claude-code': ['sonnet', 'opus'] },
      initial: { model: 'haiku' },
    });
    const element = inputBlock(view, modelBlockId('claude-code')).element;
    expect(element.type).toBe('static_select');
    expect(element).toHaveProperty('initial_option.value', 'haiku');
    expect(element).toHaveProperty('options.length', 3);
  });

  test('report channel select', () => {
    const element = inputBlock(
      buildScopeModal({ catalog, origin }),
      scopeBlockIds.reportChannel,
    ).element;
    expect(element).toMatchObject({
      type: 'conversations_select',
      default_to_current_conversation: true,
      initial_conversation: 'C0001',
      filter: { include: ['public', 'private'] },
    });
    const global = inputBlock(
      buildScopeModal({ catalog, origin: {} }),
      scopeBlockIds.reportChannel,
    );
    expect(global.element).not.toHaveProperty('initial_conversation');
  });

  test('most repositories stay within 100 blocks', () => {
    const big = largeCatalog(40);
    const slugs = big.repositories.map((repository) => repository.slug);
    const view = buildScopeModal({ catalog: big, origin, initial: { repositories: slugs } });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.blocks.length).toBe(6 + 4 * maxRepositoriesPerTask);
    expect(() => assertValidViewBlocks(view.blocks)).not.toThrow();
  });
});

describe('rebuildScopeModal', () => {
  test('adds picked repositories, keeps typed values', () => {
    const opened = buildScopeModal({ catalog, origin, initial: { repositories: ['acme/api'] } });
    const view = submit(opened, {
      [scopeBlockIds.task]: { [scopeActionIds.task]: state.text('Fix login') },
      [scopeBlockIds.repositories]: {
        [scopeActionIds.repositories]: state.multi(['acme/api', 'acme/web']),
      },
      [repositoryBlockId('baseBranch', 'acme/api')]: {
        [scopeActionIds.baseBranch]: state.text('release/2'),
      },
      [repositoryBlockId('role', 'acme/api')]: { [scopeActionIds.role]: state.text('the API') },
      [scopeBlockIds.agent]: { [scopeActionIds.agent]: state.select('gemini') },
      [scopeBlockIds.reportChannel]: {
        [scopeActionIds.reportChannel]: state.conversation('C0002'),
      },
    });

    const rebuilt = rebuildScopeModal({ catalog, view });
    expect(rebuilt.private_metadata).toBe(opened.private_metadata);
    expect(inputBlock(rebuilt, scopeBlockIds.task).element).toHaveProperty(
      'initial_value',
      'Fix login',
    );
    expect(inputBlock(rebuilt, repositoryBlockId('baseBranch', 'acme/api')).element).toHaveProperty(
      'initial_value',
      'release/2',
    );
    expect(inputBlock(rebuilt, repositoryBlockId('role', 'acme/api')).element).toHaveProperty(
      'initial_value',
      'the API',
    );
    expect(inputBlock(rebuilt, repositoryBlockId('baseBranch', 'acme/web')).element).toHaveProperty(
      'initial_value',
      'develop',
    );
    expect(blockIds(rebuilt)).toContain(modelBlockId('gemini'));
    expect(inputBlock(rebuilt, scopeBlockIds.reportChannel).element).toHaveProperty(
      'initial_conversation',
      'C0002',
    );
  });

  test('removes unpicked repositories', () => {
    const opened = buildScopeModal({ catalog, origin, initial: { repositories: ['acme/api'] } });
    const view = submit(opened, {
      [scopeBlockIds.repositories]: { [scopeActionIds.repositories]: state.multi([]) },
    });
    const rebuilt = rebuildScopeModal({ catalog, view });
    expect(blockIds(rebuilt)).not.toContain(repositoryBlockId('baseBranch', 'acme/api'));
  });

  test('rejects foreign metadata', () => {
    const view = { private_metadata: 'not json', state: { values: {} } };
    expect(() => rebuildScopeModal({ catalog, view })).toThrow(SlackViewError);
  });
});

describe('scope metadata', () => {
  test('round trip', () => {
    expect(decodeScopeMetadata(encodeScopeMetadata(origin))).toEqual(origin);
  });

  test('too long', () => {
    const error = (() => {
      try {
        encodeScopeMetadata({ channel: 'C'.repeat(3000) });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SlackViewError);
    expect((error as SlackViewError).code).toBe('private_metadata_too_long');
  });

  test('wrong version', () => {
    expect(() => decodeScopeMetadata('{"v":2,"origin":{}}')).toThrow(/version 1/);
  });
});

describe('repositoryOptions', () => {
  test('filters by slug and alias', () => {
    expect(repositoryOptions({ catalog, query: 'front' }).options.map((o) => o.value)).toEqual([
      'acme/web',
    ]);
    expect(repositoryOptions({ catalog, query: 'ACME/A' }).options.map((o) => o.value)).toEqual([
      'acme/api',
    ]);
    expect(repositoryOptions({ catalog, query: 'nothing' }).options).toEqual([]);
  });

  test('exact and prefix matches first', () => {
    const big = largeCatalog(30);
    const values = repositoryOptions({ catalog: big, query: 'r2' }).options.map((o) => o.value);
    expect(values[0]).toBe('acme/repo-2');
    expect(values.slice(1, 3)).toEqual(['acme/repo-20', 'acme/repo-21']);
  });

  test('at most 100 options', () => {
    expect(repositoryOptions({ catalog: largeCatalog(250), query: '' }).options).toHaveLength(100);
  });
});

describe('repositoryOptionValue', () => {
  test('long slug is hashed and found', () => {
    const slug = `acme/${'x'.repeat(90)}`;
    const long = largeCatalog(1);
    long.repositories.push({ ...long.repositories[0]!, slug, aliases: [] });
    const value = repositoryOptionValue(slug);
    expect(value.length).toBeLessThanOrEqual(75);
    expect(findRepositoryByOptionValue(long, value)?.slug).toBe(slug);
  });
});
