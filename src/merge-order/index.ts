export {
  buildDependencyGraph,
  directDependants,
  directDependencies,
  mergeOrder,
  MergeOrderError,
  planStages,
  skippedByFailures,
  type BuildGraphOptions,
  type DependencyEdge,
  type DependencyGraph,
  type DependencySource,
  type MergeOrderErrorCode,
} from './graph';
export {
  detectDependencies,
  type DetectedDependency,
  type InterfaceReference,
  type PublishedPackage,
  type RepositoryFacts,
} from './detect';
export { classifyInterfaceFile, isTestPath, type InterfaceFileKind } from './interface-files';
export { formatContractsForPrompt, type InterfaceFile, type RepositoryContract } from './contract';
