-- Substring search in the user list (issue #9): `q` is `search LIKE '%…%'`, which no B-tree can serve; over
-- 1,000,000 users it scanned the table (p50 ~700 ms). A trigram index answers patterns of three or more characters
-- from the index. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX user_list_search_trgm ON user_list USING gin (search gin_trgm_ops);
