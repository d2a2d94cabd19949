-- Issue 13 (leaner turn): a turn writes its changed state documents in ONE statement without an explicit
-- transaction (no BEGIN/COMMIT round trip). Every document is written or none: when a version moved (another turn
-- wrote first) or a new document already exists, the function raises SQLSTATE KB409 and the statement rolls back.
CREATE FUNCTION bot_state_write(p_keys text[], p_datas jsonb[], p_versions bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    written bigint;
BEGIN
    WITH input AS (
        SELECT * FROM unnest(p_keys, p_datas, p_versions) AS t(key, data, version)),
    updated AS (
        UPDATE bot_state s SET data = i.data, version = s.version + 1, updated_at = now()
        FROM input i WHERE i.version > 0 AND s.key = i.key AND s.version = i.version
        RETURNING s.key),
    inserted AS (
        INSERT INTO bot_state (key, data, version)
        SELECT key, data, 1 FROM input WHERE version = 0
        ON CONFLICT (key) DO NOTHING
        RETURNING key)
    SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) INTO written;
    IF written <> cardinality(p_keys) THEN
        RAISE EXCEPTION 'bot_state: a document was changed by a concurrent turn' USING ERRCODE = 'KB409';
    END IF;
END
$$;
