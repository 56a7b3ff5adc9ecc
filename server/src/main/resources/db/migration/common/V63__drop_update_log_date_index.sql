-- The index update_log_date (date) was never read: trimming by age finds each user's old rows through the primary key
-- (user_id, pts), as EXPLAIN QUERY PLAN shows, and nothing else asks for log rows by date. Every update appended to
-- every member's log still extended it: two index inserts on the single SQLite writer per private send
-- (docs/PERFORMANCE.md, "Session 8").
-- Portable SQL (SQLite and PostgreSQL).
DROP INDEX update_log_date;
