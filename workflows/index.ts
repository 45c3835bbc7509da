export { codingTask } from './coding-task';
export { mergeTask } from './merge-task';
export { repositoryTask } from './repository-task';
