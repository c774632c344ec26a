import { createClaimBook } from './claim-book.js';
function keyOf(key) {
    return `${key.channel}\u0000${key.target}\u0000${key.edition}`;
}
function copySubscription(subscription) {
    return {
        ...subscription,
        nextDeliveryAt: subscription.nextDeliveryAt ? new Date(subscription.nextDeliveryAt) : null,
    };
}
/** Orders due subscriptions the way the SQL index does: by next delivery, then chat id. */
function compareDue(atA, chatA, atB, chatB) {
    if (atA !== atB)
        return atA - atB;
    return chatA < chatB ? -1 : chatA > chatB ? 1 : 0;
}
function copyDelivery(record) {
    return { ...record, parts: record.parts ? [...record.parts] : null };
}
/**
 * A Store kept in memory: for tests and for the console, where nothing needs to survive a restart.
 * The due query scans every subscription; that is fine at test sizes and is why production uses SqliteStore.
 */
export class MemoryStore {
    deliveries = new Map();
    subscriptions = new Map();
    leases = new Map();
    claims = createClaimBook();
    async beginDelivery(key) {
        const existing = this.deliveries.get(keyOf(key));
        const record = existing
            ? { ...existing, attempts: existing.attempts + 1, updatedAt: new Date().toISOString() }
            : {
                ...key,
                state: 'pending',
                partsSent: 0,
                attempts: 1,
                lastError: null,
                updatedAt: new Date().toISOString(),
                partInFlight: null,
                parts: null,
            };
        this.deliveries.set(keyOf(key), record);
        return copyDelivery(record);
    }
    async recordPartStarted(key, part) {
        this.update(key, { partInFlight: part });
    }
    async recordPartSent(key, partsSent) {
        this.update(key, { partsSent, partInFlight: null });
    }
    async markDelivered(key) {
        this.update(key, { state: 'sent', lastError: null, partInFlight: null, parts: null });
    }
    async markFailed(key, error, final) {
        this.update(key, { state: final ? 'failed' : 'pending', lastError: error, partInFlight: null, ...(final ? { parts: null } : {}) });
    }
    async markSkipped(key, reason) {
        this.update(key, { state: 'skipped', lastError: reason, parts: null });
    }
    async recordParts(key, parts) {
        this.update(key, { parts: [...parts] });
    }
    async getDelivery(key) {
        const record = this.deliveries.get(keyOf(key));
        return record ? copyDelivery(record) : null;
    }
    async upsertSubscription(input) {
        const now = new Date().toISOString();
        const existing = this.subscriptions.get(input.chatId);
        const subscription = {
            chatId: input.chatId,
            chatType: input.chatType,
            deliveryTime: input.deliveryTime,
            timeZone: input.timeZone,
            active: true,
            endReason: null,
            nextDeliveryAt: new Date(input.nextDeliveryAt),
            nextEdition: input.nextEdition,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
        };
        this.subscriptions.set(input.chatId, subscription);
        return copySubscription(subscription);
    }
    async getSubscription(chatId) {
        const subscription = this.subscriptions.get(chatId);
        return subscription ? copySubscription(subscription) : null;
    }
    async listDueSubscriptions(query) {
        const nowMs = query.now.getTime();
        const after = query.after;
        return [...this.subscriptions.values()]
            .filter((s) => s.active && s.nextDeliveryAt !== null)
            .filter((s) => s.nextDeliveryAt.getTime() <= nowMs)
            .filter((s) => !after ||
            compareDue(s.nextDeliveryAt.getTime(), s.chatId, after.nextDeliveryAt.getTime(), after.chatId) > 0)
            .sort((a, b) => compareDue(a.nextDeliveryAt.getTime(), a.chatId, b.nextDeliveryAt.getTime(), b.chatId))
            .slice(0, query.limit)
            .map(copySubscription);
    }
    async scheduleNextDelivery(chatId, nextDeliveryAt, nextEdition) {
        const subscription = this.subscriptions.get(chatId);
        if (!subscription || !subscription.active)
            return;
        this.subscriptions.set(chatId, {
            ...subscription,
            nextDeliveryAt: new Date(nextDeliveryAt),
            nextEdition,
            updatedAt: new Date().toISOString(),
        });
    }
    async endSubscription(chatId, reason) {
        const subscription = this.subscriptions.get(chatId);
        if (!subscription)
            return;
        this.subscriptions.set(chatId, {
            ...subscription,
            active: false,
            endReason: reason,
            nextDeliveryAt: null,
            nextEdition: null,
            updatedAt: new Date().toISOString(),
        });
    }
    async migrateChat(fromChatId, toChatId) {
        const from = this.subscriptions.get(fromChatId);
        if (!from)
            return;
        if (this.subscriptions.has(toChatId)) {
            await this.endSubscription(fromChatId, 'migrated');
            return;
        }
        this.subscriptions.delete(fromChatId);
        this.subscriptions.set(toChatId, {
            ...from,
            chatId: toChatId,
            chatType: 'supergroup',
            updatedAt: new Date().toISOString(),
        });
    }
    async countActiveSubscriptions() {
        let count = 0;
        for (const subscription of this.subscriptions.values())
            if (subscription.active)
                count += 1;
        return count;
    }
    async pruneDeliveries(updatedBefore) {
        const cutoff = updatedBefore.toISOString();
        let removed = 0;
        for (const [id, record] of this.deliveries) {
            if (record.updatedAt < cutoff) {
                this.deliveries.delete(id);
                removed++;
            }
        }
        return removed;
    }
    async claimDueSubscriptions(claim) {
        return this.claims.claim(claim, (query) => this.listDueSubscriptions(query));
    }
    async releaseSubscriptionClaims(owner) {
        this.claims.release(owner);
    }
    async acquireLease(name, owner, until) {
        const held = this.leases.get(name);
        if (held && held.owner !== owner && held.until > Date.now())
            return false;
        this.leases.set(name, { owner, until: until.getTime() });
        return true;
    }
    async releaseLease(name, owner) {
        if (this.leases.get(name)?.owner === owner)
            this.leases.delete(name);
    }
    async close() { }
    update(key, change) {
        const existing = this.deliveries.get(keyOf(key)) ?? {
            ...key,
            state: 'pending',
            partsSent: 0,
            attempts: 0,
            lastError: null,
            updatedAt: '',
            partInFlight: null,
            parts: null,
        };
        this.deliveries.set(keyOf(key), { ...existing, ...change, updatedAt: new Date().toISOString() });
    }
}
//# sourceMappingURL=memory-store.js.map