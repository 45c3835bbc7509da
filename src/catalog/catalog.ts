import { z } from 'zod';
import { AgentName, RepositorySlug } from '../spec/task-spec';

/** One repository that Deckhand may change. */
export const CatalogRepository = z.object({
  slug: RepositorySlug,
  /** URL or local path that the worker clones from and pushes to. */
  cloneUrl: z.string().min(1),
  /** Short names that people may use in Slack instead of the slug, such as `backend`. */
  aliases: z.array(z.string().min(1)).default([]),
  baseBranch: z.string().min(1).default('main'),
  /** Shell command run in the sandbox once, before the agent starts, such as `npm ci`. */
  setupCommand: z.string().min(1).optional(),
  /** Shell command whose exit status decides whether the agent's change passes. */
  testCommand: z.string().min(1).optional(),
  /** Repositories whose changes must pass, and merge, before this one's. */
  dependsOn: z.array(RepositorySlug).default([]),
  /** Sentry project slugs whose errors this repository fixes. */
  sentryProjects: z.array(z.string().min(1)).default([]),
});
export type CatalogRepository = z.infer<typeof CatalogRepository>;

/** Defaults for tasks dispatched from one Slack channel. */
export const ChannelDefaults = z.object({
  repositories: z.array(RepositorySlug).default([]),
  agent: AgentName.optional(),
  model: z.string().min(1).optional(),
});
export type ChannelDefaults = z.infer<typeof ChannelDefaults>;

export const Catalog = z.object({
  repositories: z.array(CatalogRepository).min(1),
  /** Channel defaults keyed by Slack channel id. */
  channels: z.record(z.string(), ChannelDefaults).default({}),
});
export type Catalog = z.infer<typeof Catalog>;
