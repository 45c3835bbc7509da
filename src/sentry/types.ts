/**
 * Wire shapes of the Sentry REST API objects that Deckhand reads, as `GET /api/0/organizations/
 * {org}/issues/{id}/` and `GET …/issues/{id}/events/latest/` return them. Only the fields that
 * Deckhand uses are typed, although responses carry many more. Every field that Sentry may omit
 * or send as null is optional here.
 */

/** The project that an issue belongs to, as nested in an issue. */
export interface SentryProjectRef {
  id: string;
  name: string;
  slug: string;
  platform?: string | null;
}

/** An issue (a group of events with one fingerprint). */
export interface SentryIssue {
  id: string;
  /** Human-readable id such as `BACKEND-1A`. */
  shortId: string;
  title: string;
  culprit?: string | null;
  /** Web URL of the issue. */
  permalink?: string | null;
  level?: string;
  status?: string;
  substatus?: string | null;
  platform?: string | null;
  type?: string;
  metadata?: {
    type?: string;
    value?: string;
    filename?: string;
    function?: string;
    title?: string;
  };
  project: SentryProjectRef;
  count?: string;
  userCount?: number;
  firstSeen?: string;
  lastSeen?: string;
}

/** One stack frame; `context` lists `[lineNo, sourceLine]` pairs around `lineNo`. */
export interface SentryStackFrame {
  filename?: string | null;
  absPath?: string | null;
  module?: string | null;
  function?: string | null;
  lineNo?: number | null;
  colNo?: number | null;
  inApp?: boolean | null;
  context?: Array<[number, string]> | null;
}

/** One exception of an event; chained exceptions list the cause first and the raised one last. */
export interface SentryExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  /** Frames ordered oldest call first, as Sentry stores them. */
  stacktrace?: { frames?: SentryStackFrame[] | null } | null;
}

/** One entry of an event's `entries` array; Deckhand reads only `exception` entries. */
export interface SentryEventEntry {
  type: string;
  data: unknown;
}

/** An event (one occurrence of an issue) as the event details endpoints return it. */
export interface SentryEvent {
  /** Event id, 32 hex characters. */
  id: string;
  eventID?: string;
  groupID?: string;
  title?: string;
  message?: string;
  culprit?: string | null;
  platform?: string;
  dateCreated?: string;
  entries: SentryEventEntry[];
  tags?: Array<{ key: string; value: string }>;
}

/** A comment on an issue, as `POST …/issues/{id}/comments/` returns it (an activity of type `note`). */
export interface SentryNote {
  id: string;
  type: 'note';
  data: { text: string };
  dateCreated: string;
  user?: { id: string; name?: string } | null;
}
