-- The audit trail: one row per AccessEvent, rendered as an IHE BALP AuditEvent (content, the exact
-- JSON text, never re-serialised, so its bytes hash the same forever), with the columns searches
-- filter on. Rows are inserted unsealed (seq, prev_hash, hash null) in the caller's transaction; a
-- single sealer later gives them consecutive sequence numbers in commit order and chains them:
-- hash = SM3(prev_hash || canonical bytes of the row). See AuditSealer and ChainHash.

-- The identity of this chain: anchors written outside the database name it, so an anchor of
-- another database is never compared with this one.
CREATE TABLE chain (
    chain_id  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    created   timestamptz NOT NULL DEFAULT now(),
    singleton boolean     NOT NULL DEFAULT true UNIQUE CHECK (singleton)
);
INSERT INTO chain DEFAULT VALUES;

CREATE TABLE event (
    id            text        PRIMARY KEY,
    recorded      timestamptz NOT NULL,
    agent_subject text,
    agent_role    text,
    agent_org     text,
    agent_client  text,
    action        char(1)     NOT NULL,
    operation     text        NOT NULL,
    subtype       text        NOT NULL,
    outcome       text        NOT NULL,
    purpose       text,
    resource_type text,
    patients      text[]      NOT NULL,
    content       text        NOT NULL,
    seq           bigint      UNIQUE,
    prev_hash     bytea,
    hash          bytea,
    CONSTRAINT event_sealed_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL))
);

-- Newest first, for every search; the others narrow it.
CREATE INDEX event_recorded ON event (recorded DESC, id DESC);
CREATE INDEX event_patients ON event USING gin (patients);
CREATE INDEX event_agent ON event (agent_subject, recorded DESC);
CREATE INDEX event_purpose ON event (purpose, recorded DESC);
-- What the sealer has still to do: small, because rows leave it within a second.
CREATE INDEX event_unsealed ON event (id) WHERE seq IS NULL;

-- Append-only. The one update allowed is sealing: an unsealed row gets its place in the chain,
-- and nothing else about it changes.
CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
           AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit.event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER event_no_update BEFORE UPDATE ON event FOR EACH ROW EXECUTE FUNCTION event_append_only();
CREATE TRIGGER event_no_delete BEFORE DELETE ON event FOR EACH ROW EXECUTE FUNCTION event_append_only();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION event_append_only();

CREATE FUNCTION chain_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.chain is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER chain_no_change BEFORE UPDATE OR DELETE ON chain FOR EACH ROW EXECUTE FUNCTION chain_immutable();
CREATE TRIGGER chain_no_truncate BEFORE TRUNCATE ON chain FOR EACH STATEMENT EXECUTE FUNCTION chain_immutable();
