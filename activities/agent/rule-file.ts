import { buildRulesText } from '../rules-prompt';
import type { RunAgentInput } from '../types';

/**
 * Builds the rules text that a runner hands its agent: the hard constraints of the organisation
 * rule file and of the repository's first, then the organisation's rules, then the repository's.
 * The repository file's text is left out, and only its constraints repeated, when it is one that
 * the CLI reads by itself (`nativeFiles`). Returns undefined when there are no rules.
 *
 * The repository file is read again at each run through `readRuleFile`, which refuses links out
 * of the clone, because the agent controls the work tree and may have replaced the file with a
 * link to a worker file.
 *
 * @throws OrgRuleFileError when the organisation rule file cannot be read.
 * @throws RuleFileError when the repository's rule file links outside the clone.
 */
export async function ruleFileSection(
  input: RunAgentInput,
  nativeFiles: string[],
): Promise<string | undefined> {
  if (!input.ruleFile && input.orgRuleFile === undefined) return undefined;
  // NOTE: with an organisation file but no repository file at provisioning, `buildRulesText`
  // looks for one in the clone, so a rule file that the agent wrote in an earlier attempt is
  // handed back to it in later ones.
  return buildRulesText({
    orgRuleFile: input.orgRuleFile,
    repoRoot: input.workspacePath,
    ruleFile: input.ruleFile,
    agentReadsRepositoryFile: input.ruleFile ? nativeFiles.includes(input.ruleFile.path) : false,
  });
}
