/** Returns the branch of one repository's change: `deckhand/<task-id>-<repo name>`. */
export function branchName(taskId: string, repository: string): string {
  const name = repository.split('/').pop() ?? repository;
  return `deckhand/${taskId}-${name}`.toLowerCase().replace(/[^a-z0-9/._-]+/g, '-');
}
