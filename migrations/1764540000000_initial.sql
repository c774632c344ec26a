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

-- The bot's sends, shared by every instance so the bot as a whole keeps Telegram's 30 messages a second.
-- send_pacer: one row per bot, locked while a slot is taken, with a pause after a 429 (epoch ms, database clock).
-- send_slots: each send from its grant until a second after its answer, as the in-process limiter counts it.
CREATE TABLE send_pacer (
  name text PRIMARY KEY,
  paused_until bigint NOT NULL
);
CREATE TABLE send_slots (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  granted_at bigint NOT NULL,
  answered_at bigint
);
CREATE INDEX send_slots_recent ON send_slots (name, granted_at);

-- Takes a send slot for bot p_name if fewer than p_cap sends ended within the last p_window ms (a send still in
-- flight counts as ending now; one never answered, its instance dead, ends p_stale ms after its grant).
-- Returns the slot id (> 0), or minus the ms to wait before asking again. One round trip, under the row lock.
CREATE FUNCTION brief_take_send_slot(p_name text, p_cap integer, p_window bigint, p_stale bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint := (extract(epoch from clock_timestamp()) * 1000)::bigint;
  paused bigint;
  live integer;
  freeing bigint;
  slot bigint;
BEGIN
  INSERT INTO send_pacer (name, paused_until) VALUES (p_name, 0) ON CONFLICT DO NOTHING;
  SELECT paused_until INTO paused FROM send_pacer WHERE name = p_name FOR UPDATE;
  IF paused > now_ms THEN
    RETURN -(paused - now_ms);
  END IF;
  DELETE FROM send_slots WHERE name = p_name AND granted_at < now_ms - p_stale - p_window;
  SELECT count(*) INTO live FROM send_slots
    WHERE name = p_name AND coalesce(answered_at, greatest(now_ms, granted_at + p_stale)) > now_ms - p_window;
  IF live >= p_cap THEN
    SELECT ends INTO freeing FROM (
      SELECT coalesce(answered_at, greatest(now_ms, granted_at + p_stale)) AS ends FROM send_slots
      WHERE name = p_name AND coalesce(answered_at, greatest(now_ms, granted_at + p_stale)) > now_ms - p_window
      ORDER BY ends OFFSET live - p_cap LIMIT 1
    ) AS oldest;
    -- A place frees when that send's window ends; one still in flight frees only when answered, so ask again soon.
    RETURN -(least(greatest(1, freeing + p_window - now_ms), 100));
  END IF;
  INSERT INTO send_slots (name, granted_at) VALUES (p_name, now_ms) RETURNING id INTO slot;
  RETURN slot;
END
$$;

-- Down Migration
DROP FUNCTION brief_take_send_slot;
DROP TABLE send_slots;
DROP TABLE send_pacer;
DROP TABLE leases;
DROP TABLE subscriptions;
DROP TABLE deliveries;
