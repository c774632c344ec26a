-- Up Migration
-- Articles read from feeds, and each feed's polling state (#11). "instant" = coalesce(published_at, first_seen_at):
-- windows and retention read it.
CREATE TABLE articles (
  id bigserial PRIMARY KEY,
  feed_url text NOT NULL,
  guid text,
  url text,
  title text NOT NULL,
  source text,
  author text,
  published_at bigint,
  published_offset integer,
  standfirst text,
  paragraphs jsonb NOT NULL,
  fingerprint text NOT NULL,
  full_text boolean NOT NULL,
  first_seen_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  instant bigint NOT NULL
);
CREATE UNIQUE INDEX articles_guid ON articles (feed_url, guid) WHERE guid IS NOT NULL;
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_fingerprint ON articles (fingerprint);
CREATE INDEX articles_instant ON articles (instant);

CREATE TABLE feeds (
  url text PRIMARY KEY,
  title text,
  etag text,
  last_modified text,
  last_fetched_at bigint,
  status text,
  last_error text,
  failures integer NOT NULL DEFAULT 0,
  interval_ms bigint NOT NULL,
  next_poll_at bigint,
  item_count integer NOT NULL DEFAULT 0
);

-- Down Migration
DROP TABLE feeds;
DROP TABLE articles;
