/** A delivery channel (Telegram, Slack, console) as the composition root sees it. */
export interface Channel {
  readonly name: string;
  /** Starts taking updates and schedules; resolves once the channel is listening. */
  start(): Promise<void>;
  /** Stops taking updates, finishes or records sends in flight. */
  stop(): Promise<void>;
}
