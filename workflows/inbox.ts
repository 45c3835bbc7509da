import { defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** A reply in the task thread, delivered to the agent's next run. */
export interface FollowUp {
  text: string;
  /** Slack user id of the author. */
  userId: string;
  /** Timestamp of the reply, which makes redelivered signals harmless. */
  ts: string;
  /** Repository the reply is aimed at; every repository when unset. */
  repository?: string;
}

/** A press of Approve or Request changes on an approval request. */
export interface Decision {
  requestId: string;
  action: 'approve' | 'request_changes';
  userId: string;
  /** ISO 8601 time of the press. */
  at: string;
  feedback?: string;
}

/** Sent by the bot for each human reply in a task thread. */
export const followUpReceived = defineSignal<[FollowUp]>('followUpReceived');

/**
 * Sent by the bot when someone presses a button of an approval request. The validator rejects
 * every press after the first, and presses on a request that is no longer open, so the bot can
 * tell the presser that nothing happened.
 */
export const decide = defineUpdate<{ accepted: true }, [Decision]>('decide');

/** Follow-ups and decisions that reached a workflow and are waiting to be used. */
export class Inbox {
  private readonly followUps: FollowUp[] = [];
  private readonly seen = new Set<string>();
  /** Id of the approval request the workflow waits on, if any. */
  openRequest?: string;
  decision?: Decision;

  /** Registers the signal and update handlers of the current workflow. */
  listen(repository?: string): this {
    setHandler(followUpReceived, (followUp) => {
      if (this.seen.has(followUp.ts)) return;
      if (repository && followUp.repository && followUp.repository !== repository) return;
      this.seen.add(followUp.ts);
      this.followUps.push(followUp);
    });
    setHandler(
      decide,
      (decision) => {
        this.decision = decision;
        return { accepted: true } as const;
      },
      {
        validator: (decision) => {
          if (decision.requestId !== this.openRequest) throw new Error('This request is closed.');
          if (this.decision) throw new Error('This request was already decided.');
        },
      },
    );
    return this;
  }

  /** Removes and returns the follow-ups received since the last call. */
  takeFollowUps(): FollowUp[] {
    // Signals can arrive out of order; Slack timestamps give the order people wrote in.
    return this.followUps
      .splice(0, this.followUps.length)
      .sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  hasFollowUps(): boolean {
    return this.followUps.length > 0;
  }
}

/** Formats follow-ups for the agent, each attributed to its author. */
export function describeFollowUps(followUps: FollowUp[]): string | undefined {
  if (followUps.length === 0) return undefined;
  const lines = followUps.map((f) => `- From <@${f.userId}>: ${f.text}`);
  return `People in the Slack thread added these instructions; follow them:\n${lines.join('\n')}`;
}
