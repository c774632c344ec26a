import type { ArticleInput, ArticleStore, FeedState, UpsertArticleResult } from '../store/types.js';

/** One feed's writes waiting for the next commit: its articles, and the state to save with them. */
interface PendingWrite {
  inputs: readonly ArticleInput[];
  state: FeedState | null;
  at: Date;
  resolve: (results: UpsertArticleResult[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Commit once this many articles are waiting, whoever else is still polling. */
  maxItems?: number;
  /** Commit at most this long after the first write started waiting, so a slow feed never holds the others. */
  maxWaitMs?: number;
}

/**
 * Hands several feeds' articles and states to the store in one transaction (a group commit). Each SQLite commit
 * rewrites every index page it touched, and the fingerprint and date indexes have random keys, so one commit per
 * feed rewrote some 50 pages of each per feed; one commit for the feeds polled together writes each page once.
 *
 * A poll registers with `begin()` and `end()`; a write waits until every poll in progress is waiting too (nothing
 * more can join), or `maxItems` articles are waiting, or `maxWaitMs` has passed. Each caller's promise settles
 * after the commit with its own results. When a group's transaction fails, each feed is retried alone in its own
 * transaction, so one feed's failure is its own and the others are stored; a feed's state is only ever committed
 * with its articles, so a feed whose write failed (or never ran, the process having died) is polled again.
 */
export function createGroupCommit(store: ArticleStore, options: GroupCommitOptions = {}) {
  const maxItems = options.maxItems ?? 2000;
  const maxWaitMs = options.maxWaitMs ?? 25;
  const queue: PendingWrite[] = [];
  let queuedItems = 0;
  let active = 0;
  let writing = false;
  let timer: NodeJS.Timeout | null = null;

  async function commitAlone(write: PendingWrite): Promise<void> {
    try {
      write.resolve(await store.upsertArticles(write.inputs, write.at, write.state ? [write.state] : []));
    } catch (error) {
      write.reject(error);
    }
  }

  async function commitGroup(group: PendingWrite[]): Promise<void> {
    if (group.length === 1) return commitAlone(group[0] as PendingWrite);
    let results: UpsertArticleResult[];
    try {
      // Stamped with the earliest poll's time: the group's polls started within moments of each other.
      const at = new Date(Math.min(...group.map((write) => write.at.getTime())));
      const states = group.flatMap((write) => (write.state ? [write.state] : []));
      results = await store.upsertArticles(
        group.flatMap((write) => write.inputs),
        at,
        states,
      );
    } catch {
      // The whole group rolled back: each feed alone, so only the feed at fault fails.
      for (const write of group) await commitAlone(write);
      return;
    }
    let offset = 0;
    for (const write of group) {
      write.resolve(results.slice(offset, offset + write.inputs.length));
      offset += write.inputs.length;
    }
  }

  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (writing || queue.length === 0) return;
    writing = true;
    const group = queue.splice(0);
    queuedItems = 0;
    try {
      await commitGroup(group);
    } finally {
      writing = false;
      schedule();
    }
  }

  function schedule(): void {
    if (writing || queue.length === 0) return;
    if (queue.length >= active || queuedItems >= maxItems) {
      void flush();
      return;
    }
    timer ??= setTimeout(() => void flush(), maxWaitMs);
  }

  return {
    /** A poll has started: its writes may join a group. */
    begin(): void {
      active += 1;
    },
    /** A poll has ended (after its last write settled): the others need not wait for it. */
    end(): void {
      active -= 1;
      schedule();
    },
    /**
     * Upserts `inputs` and saves `state` (when given) in the next group's transaction; resolves with one result
     * per input once it has committed, or rejects when this feed's own transaction failed.
     */
    write(inputs: readonly ArticleInput[], state: FeedState | null, at: Date): Promise<UpsertArticleResult[]> {
      return new Promise((resolve, reject) => {
        queue.push({ inputs, state, at, resolve, reject });
        queuedItems += inputs.length;
        schedule();
      });
    },
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;
