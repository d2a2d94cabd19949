-- Issue 13 (leaner turn): how the conversation documents are stored. Every turn rewrites its conversation document
-- (5-8 KB of JSON). With the defaults PostgreSQL compressed it with pglz and moved it out of line into the TOAST
-- table on every write (three to four more tuples and index entries written and deleted per turn). Now:
--  * lz4 compresses it several times faster than pglz (new values only; old ones are read as they are; a server
--    built without lz4 keeps pglz);
--  * toast_tuple_target 4080: a document compressed below ~4 KB stays in the row itself, no TOAST tuples at all;
--  * fillfactor 50: inserts leave room on the page, so the next version of a row can go on the same page and the
--    update is HOT (no new primary-key entry; the old version is pruned in place).
-- Durability is unchanged: every write is still WAL-logged and committed as before.
DO $$
BEGIN
    ALTER TABLE bot_state ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'bot_state: this PostgreSQL has no lz4, documents stay pglz-compressed';
END
$$;
ALTER TABLE bot_state SET (toast_tuple_target = 4080, fillfactor = 50);
