-- Up Migration
-- For the delivery work (#13): the stories each delivery carried, with their report counts, so a morning holds
-- only what is new for its reader; a reader's topics and whether they want a line when nothing is new.
CREATE TABLE delivery_stories (
  channel text NOT NULL,
  target text NOT NULL,
  edition text NOT NULL,
  story_id text NOT NULL,
  reports integer NOT NULL,
  PRIMARY KEY (channel, target, edition, story_id)
);
ALTER TABLE subscriptions ADD COLUMN topics jsonb;
ALTER TABLE subscriptions ADD COLUMN nothing_new_notice boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE subscriptions DROP COLUMN nothing_new_notice;
ALTER TABLE subscriptions DROP COLUMN topics;
DROP TABLE delivery_stories;
