import type { SignedDelivery, SigningOptions } from './signed-sender';
import { signSlackRequest } from './signing';
import type { SlackWorkspaceIdentity } from './types';
import { defaultIdentity } from './workspace';

/** A slash command run in a channel, for {@link buildSlashCommandFields}. */
export interface SlashCommandOptions {
  /** The command with its slash, such as `/deckhand`. */
  command: string;
  /** Everything typed after the command; empty when nothing was. */
  text: string;
  user: { id: string; name: string };
  channel: { id: string; name: string };
  /** Issue it with `SlackStandIn.issueTriggerId` so `views.open` accepts it. */
  triggerId: string;
  /** Issue it with `SlackStandIn.responseUrl` so posts to it stay on loopback. */
  responseUrl: string;
  identity?: Partial<SlackWorkspaceIdentity>;
  verificationToken?: string;
}

/**
 * Builds the fields of a slash command request. Slack posts them form-encoded as the whole
 * body, not inside a `payload` field as it does for interactivity.
 */
export function buildSlashCommandFields(options: SlashCommandOptions): Record<string, string> {
  const identity = { ...defaultIdentity, ...options.identity };
  return {
    token: options.verificationToken ?? 'deckhand-verification-token',
    team_id: identity.teamId,
    team_domain: identity.teamDomain,
    channel_id: options.channel.id,
    channel_name: options.channel.name,
    user_id: options.user.id,
    user_name: options.user.name,
    command: options.command,
    text: options.text,
    api_app_id: identity.appId,
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId,
  };
}

/**
 * Posts slash command fields, form-encoded and signed like Slack, to a loopback URL.
 * NOTE: this repeats the loopback check and signing of `sendInteractionPayload` in
 * signed-sender.ts, whose sender is private; a change to one belongs in both.
 */
export async function sendSlashCommand(
  options: Pick<SigningOptions, 'url' | 'signingSecret' | 'timestamp'> & {
    fields: Record<string, string>;
  },
): Promise<SignedDelivery> {
  const { hostname } = new URL(options.url);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(hostname)) {
    throw new Error(
      `Refusing to send a signed Slack request to ${options.url}: only loopback hosts are allowed`,
    );
  }
  const body = new URLSearchParams(options.fields).toString();
  const signature = signSlackRequest({
    signingSecret: options.signingSecret,
    body,
    timestamp: options.timestamp,
  });
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signature },
    body,
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
}
