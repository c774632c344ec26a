import type { Config } from '../config.js';
import { openPostgresStore, type AdvisoryLock } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SendPacer, Store } from './types.js';

/** What instances sharing a PostgreSQL store share for one Telegram bot: its send limit and its poller lock. */
export interface SharedTelegram {
  pacer: SendPacer;
  tryPollerLock: () => Promise<AdvisoryLock | null>;
}

/** The configured store, and (on PostgreSQL) what the Telegram channel shares with the other instances. */
export interface OpenedStore {
  store: Store;
  sharedTelegram: SharedTelegram | null;
}

/**
 * Opens PostgreSQL when DATABASE_URL is set (several instances), else the SQLite file in DATA_DIR. The bot id
 * (before the colon in the token; not secret) keys the bot's send slots and poller lock.
 */
export async function openConfiguredStore(config: Config, perSecond: number): Promise<OpenedStore> {
  if (!config.databaseUrl) return { store: openSqliteStore(config.dataDir), sharedTelegram: null };
  const store = await openPostgresStore({ url: config.databaseUrl });
  const botId = config.telegram?.token.split(':')[0];
  return {
    store,
    sharedTelegram: botId
      ? { pacer: store.createSendPacer(`telegram:${botId}`, perSecond), tryPollerLock: () => store.tryAdvisoryLock(Number(botId)) }
      : null,
  };
}
