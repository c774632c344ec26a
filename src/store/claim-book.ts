import type { DueClaim, DueQuery, Subscription } from './types.js';

/** Claims kept in the process: enough where one process at a time delivers (SQLite under its fan-out lease, memory). */
export interface ClaimBook {
  claim(claim: DueClaim, listDue: (query: DueQuery) => Promise<Subscription[]>): Promise<Subscription[]>;
  release(owner: string): void;
}

/** Creates an in-process claim book over a store's due query. */
export function createClaimBook(): ClaimBook {
  const claims = new Map<string, { owner: string; until: number }>();
  return {
    async claim({ now, limit, owner, until }, listDue) {
      const claimed: Subscription[] = [];
      let after: DueQuery['after'];
      // Pages past held claims; a page is never larger than needed twice over.
      for (;;) {
        const page = await listDue({ now, limit: limit * 2, ...(after ? { after } : {}) });
        for (const subscription of page) {
          const held = claims.get(subscription.chatId);
          if (held && held.until > Date.now()) continue;
          claims.set(subscription.chatId, { owner, until: until.getTime() });
          claimed.push(subscription);
          if (claimed.length === limit) return claimed;
        }
        const last = page[page.length - 1];
        if (page.length < limit * 2 || !last?.nextDeliveryAt) return claimed;
        after = { nextDeliveryAt: last.nextDeliveryAt, chatId: last.chatId };
      }
    },
    release(owner) {
      for (const [chatId, held] of claims) if (held.owner === owner) claims.delete(chatId);
    },
  };
}
