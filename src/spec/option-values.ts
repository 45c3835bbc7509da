/**
 * Checks on the branch and model names that a task may set, shared by the `@mention` options
 * and the scope modal so that both accept the same values.
 */

const modelNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]*$/;

/**
 * Applies the main rules of `git check-ref-format` for a branch name. The empty name is
 * invalid, as it is for Git.
 */
export function isValidBranchName(name: string): boolean {
  return (
    name !== '' &&
    !name.startsWith('-') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.includes('//') &&
    !/[\s~^:?*[\\\u0000-\u001f\u007f]/.test(name) &&
    !name.split('/').some((part) => part.startsWith('.'))
  );
}

/** Returns true for one word of model-id characters, such as `sonnet` or `gpt-5.1-codex-max`. */
export function isValidModelName(model: string): boolean {
  return modelNamePattern.test(model);
}
