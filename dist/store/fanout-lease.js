/** How long a lease runs past its last renewal: how long a crashed holder keeps other processes waiting. */
const LEASE_MS = 120_000;
/** How often a running fan-out renews its lease. */
const RENEW_EVERY_MS = 30_000;
/** Takes the lease `name` for `owner`, or answers null while another process holds it. */
export async function takeFanoutLease(store, name, owner) {
    const acquire = () => store.acquireLease(name, owner, new Date(Date.now() + LEASE_MS));
    if (!(await acquire()))
        return null;
    let renewedAt = Date.now();
    return {
        async keep() {
            if (Date.now() - renewedAt < RENEW_EVERY_MS)
                return true;
            renewedAt = Date.now();
            return acquire();
        },
        release: () => store.releaseLease(name, owner),
    };
}
//# sourceMappingURL=fanout-lease.js.map