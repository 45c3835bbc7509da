import type { RepositoryFacts } from './detect';
import type { InterfaceFileKind } from './interface-files';

/** One changed interface file of an upstream repository, with its new content. */
export interface InterfaceFile {
  path: string;
  kind: InterfaceFileKind;
  /** New content, cut at the per-file cap; empty when the change deleted the file. */
  content: string;
  truncated: boolean;
  deleted: boolean;
}

/**
 * The summary of a finished upstream repository that a downstream agent reads: the diff
 * summary, the changed interface files and the facts that dependency detection reads. It is
 * small enough to travel through workflow history.
 */
export interface RepositoryContract {
  repository: string;
  baseSha: string;
  headSha: string;
  /** `git diff --stat` against the base commit, cut at a cap. */
  diffStat: string;
  interfaceFiles: InterfaceFile[];
  /** Changed interface files left out: past the total cap, or links and other non-regular files. */
  omittedFiles: string[];
  facts: RepositoryFacts;
}

const kindLabels: Record<InterfaceFileKind, string> = {
  openapi: 'OpenAPI description',
  graphql: 'GraphQL schema',
  typescript: 'exported TypeScript types',
  migration: 'database migration',
  schema: 'schema',
};

/**
 * Formats the contracts of upstream repositories as prompt text for a downstream agent, such as
 * "acme/backend changed its API; its new openapi.yaml is: …". Returns an empty string for no
 * contracts. Pure, so that workflow code can call it.
 */
export function formatContractsForPrompt(
  contracts: readonly RepositoryContract[],
  options: { repository: string },
): string {
  if (contracts.length === 0) return '';
  const parts = [
    `This task also changes other repositories, which ${options.repository} builds on. ` +
      'Their changes passed their tests and merge before yours. Keep your change consistent ' +
      'with them.',
  ];
  for (const contract of contracts) parts.push(formatContract(contract));
  return parts.join('\n\n');
}

function formatContract(contract: RepositoryContract): string {
  const lines = [`## ${contract.repository}`, ''];
  const kinds = [...new Set(contract.interfaceFiles.map((file) => kindLabels[file.kind]))];
  lines.push(
    kinds.length > 0
      ? `${contract.repository} changed its interface (${kinds.join(', ')}).`
      : `${contract.repository} changed no interface files; its change touched:`,
  );
  if (contract.diffStat)
    lines.push('', 'Files changed (`git diff --stat`):', fenced(contract.diffStat));
  for (const file of contract.interfaceFiles) {
    lines.push('');
    if (file.deleted) {
      lines.push(`${contract.repository} deleted its ${file.path}.`);
      continue;
    }
    const cut = file.truncated ? ' (cut short; read the rest in the upstream branch)' : '';
    lines.push(`Its new ${file.path}${cut} is:`, fenced(file.content, fenceLanguage(file.path)));
  }
  if (contract.omittedFiles.length > 0) {
    lines.push('', `Also changed, not shown here: ${contract.omittedFiles.join(', ')}.`);
  }
  return lines.join('\n');
}

function fenced(text: string, language = ''): string {
  // A fence longer than any backtick run in the text cannot be closed early by the text.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function fenceLanguage(path: string): string {
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const languages: Record<string, string> = {
    yaml: 'yaml',
    yml: 'yaml',
    json: 'json',
    graphql: 'graphql',
    gql: 'graphql',
    ts: 'ts',
    sql: 'sql',
    prisma: 'prisma',
    proto: 'protobuf',
  };
  return languages[extension] ?? '';
}
