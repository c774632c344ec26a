-- Up Migration
-- Brief's schema on PostgreSQL: the same data as the SQLite store, plus what several instances share
-- (claims on due subscriptions, the bot's send pacer).

CREATE TABLE deliveries (
  channel text NOT NULL,
  target text NOT NULL,
  edition text NOT NULL,
  state text NOT NULL,
  parts_sent integer NOT NULL DEFAULT 0,
  part_in_flight integer,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  parts jsonb,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (channel, target, edition)
);
-- Pruning old ledger records reads them by age.
CREATE INDEX deliveries_updated ON deliveries (updated_at);

CREATE TABLE subscriptions (
  chat_id text PRIMARY KEY,
  chat_type text NOT NULL,
  delivery_time text NOT NULL,
  time_zone text NOT NULL,
  active boolean NOT NULL,
  end_reason text,
  next_delivery_at timestamptz,
  next_edition text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Which instance is delivering this subscriber's morning now, and until when (epoch ms): a dead instance's
  -- claims lapse and another finishes them.
  claimed_by text,
  claimed_until bigint
);
-- Partial index: "who is due" reads only active rows, in delivery order, as one range scan.
CREATE INDEX subscriptions_due ON subscriptions (next_delivery_at, chat_id) WHERE active;

CREATE TABLE leases (
  name text PRIMARY KEY,
  owner text NOT NULL,
  until bigint NOT NULL
);

-- One row per bot: the next instant (epoch ms, database clock) a message may go out, and a pause after a 429.
-- Every instance reserves its sends here, so the bot as a whole keeps Telegram's 30 messages a second.
CREATE TABLE send_pacer (
  name text PRIMARY KEY,
  next_at bigint NOT NULL,
  paused_until bigint NOT NULL
);

-- Down Migration
DROP TABLE send_pacer;
DROP TABLE leases;
DROP TABLE subscriptions;
DROP TABLE deliveries;
