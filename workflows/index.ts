export { codingTask } from './coding-task';
export { repositoryTask } from './repository-task';
