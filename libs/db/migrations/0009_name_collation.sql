-- Lists give names in code-point order, as Amazon EventBridge does (`-` and `.`, then digits, then
-- uppercase, `_`, lowercase), whatever collation the database was created with. Until now their
-- ORDER BY and keyset comparisons (`name > $after`) used the database's default collation: byte
-- order on a C or C.UTF-8 database (the tests'), a linguistic order on an en_US.UTF-8 one (the
-- postgres image's default, so docker-compose.yml's), where `Rule-b` sorts between `rule-a` and
-- `rule-c` and `-` and `_` are all but ignored.
--
-- Every column a list orders by or compares a page's key with now collates "C". Equality and
-- uniqueness do not change: a deterministic collation (every libc one, and ICU's unless created
-- nondeterministic) only calls two strings equal when their bytes are, so the unique constraints
-- and indexes rebuilt here hold exactly the rows they held. Comparing one of these columns with a
-- column of the default collation uses "C" (a non-default implicit collation wins), so no query
-- needs a COLLATE clause. Changing only the collation rewrites no table; it rebuilds the indexes on
-- these columns under a short exclusive lock (the tables hold resources, not events).
--
-- Left alone: account ids (char(12) of digits, in the same order under every collation), and the
-- names that no list orders by (events.source_name and bus_name on the partitioned events table,
-- archives.bus_name, replays.archive_name, foreign keys such as partner_name). The Drizzle schema
-- cannot declare a collation; its columns carry a comment instead (libs/db/schema).

ALTER TABLE partners ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE partner_event_sources ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE event_buses ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE rules ALTER COLUMN name TYPE text COLLATE "C";
-- ListTargetsByRule and GET …/targets page by target id.
ALTER TABLE targets ALTER COLUMN target_id TYPE text COLLATE "C";
ALTER TABLE connections ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE api_destinations ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE archives ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE replays ALTER COLUMN name TYPE text COLLATE "C";
-- ListTagsForResource gives a resource's tags by key.
ALTER TABLE resource_tags ALTER COLUMN key TYPE text COLLATE "C";
