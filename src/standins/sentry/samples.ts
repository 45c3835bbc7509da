import type { SentryEvent, SentryIssue } from '../../sentry/types';

/**
 * Sample issue and event bodies in the shapes of Sentry's "Retrieve an Issue" and "Retrieve an
 * Issue Event" API responses (docs.sentry.io/api/events/), trimmed to common fields. Seed them
 * into the stand-in with overrides for the fields a test checks.
 */

/** Options of {@link sampleIssue}. */
export interface SampleIssueOptions {
  id?: string;
  shortId?: string;
  organization?: string;
  project?: string;
  title?: string;
  level?: string;
  /** Base of `permalink`; default `https://sentry.example.com`. */
  webBaseUrl?: string;
  overrides?: Partial<SentryIssue>;
}

/** Builds an unresolved `TypeError` issue in a JavaScript project. */
export function sampleIssue(options: SampleIssueOptions = {}): SentryIssue {
  const id = options.id ?? '4509123456';
  const project = options.project ?? 'backend';
  const organization = options.organization ?? 'acme';
  const webBaseUrl = options.webBaseUrl ?? 'https://sentry.example.com';
  return {
    id,
    shortId: options.shortId ?? `${project.toUpperCase()}-1A`,
    title: options.title ?? "TypeError: Cannot read properties of undefined (reading 'id')",
    culprit: 'getUser(src/users/service)',
    permalink: `${webBaseUrl}/organizations/${organization}/issues/${id}/`,
    level: options.level ?? 'error',
    status: 'unresolved',
    substatus: 'new',
    platform: 'node',
    type: 'error',
    metadata: {
      type: 'TypeError',
      value: "Cannot read properties of undefined (reading 'id')",
      filename: 'src/users/service.ts',
      function: 'getUser',
    },
    project: { id: '2', name: project, slug: project, platform: 'node' },
    count: '12',
    userCount: 3,
    firstSeen: '2025-01-14T09:12:03.000000Z',
    lastSeen: '2025-01-14T10:40:51.000000Z',
    ...options.overrides,
  };
}

/** Builds the latest event of {@link sampleIssue}, with two in-app frames under a library frame. */
export function sampleEvent(overrides: Partial<SentryEvent> = {}): SentryEvent {
  return {
    id: '9fac2ceed9344f2bbfdd1fdacb0ed9b1',
    eventID: '9fac2ceed9344f2bbfdd1fdacb0ed9b1',
    groupID: '4509123456',
    title: "TypeError: Cannot read properties of undefined (reading 'id')",
    message: '',
    culprit: 'getUser(src/users/service)',
    platform: 'node',
    dateCreated: '2025-01-14T10:40:51.000000Z',
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            {
              type: 'TypeError',
              value: "Cannot read properties of undefined (reading 'id')",
              module: null,
              stacktrace: {
                frames: [
                  {
                    filename: 'node_modules/express/lib/router/layer.js',
                    absPath: '/app/node_modules/express/lib/router/layer.js',
                    module: 'express.lib.router:layer',
                    function: 'Layer.handle [as handle_request]',
                    lineNo: 95,
                    colNo: 5,
                    inApp: false,
                    context: [[95, '    fn(req, res, next);']],
                  },
                  {
                    filename: 'src/users/routes.ts',
                    absPath: '/app/src/users/routes.ts',
                    module: 'src.users:routes',
                    function: 'showUser',
                    lineNo: 18,
                    colNo: 24,
                    inApp: true,
                    context: [
                      [17, "router.get('/users/:id', async (req, res) => {"],
                      [18, '  const user = await getUser(req.params.id);'],
                      [19, '  res.json(user);'],
                    ],
                  },
                  {
                    filename: 'src/users/service.ts',
                    absPath: '/app/src/users/service.ts',
                    module: 'src.users:service',
                    function: 'getUser',
                    lineNo: 42,
                    colNo: 19,
                    inApp: true,
                    context: [
                      [41, '  const row = await db.users.find(id);'],
                      [42, '  return { id: row.profile.id, name: row.name };'],
                      [43, '}'],
                    ],
                  },
                ],
              },
            },
          ],
        },
      },
      { type: 'breadcrumbs', data: { values: [] } },
    ],
    tags: [
      { key: 'environment', value: 'production' },
      { key: 'level', value: 'error' },
    ],
    ...overrides,
  };
}
