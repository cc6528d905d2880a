-- The audit trail: one row per AccessEvent in `event`, rendered as an IHE BALP AuditEvent
-- (content: the exact JSON text, never re-serialised, so its bytes hash the same forever), with
-- the columns searches filter on. Nothing here is ever updated:
--   event    written once, in the caller's transaction, together with its `pending` entry;
--   pending  the sealer's queue: events not chained yet (small: emptied every 200 ms);
--   link     the SM3 hash chain, one narrow row per event: sequence number, the event, the
--            previous link's hash and hash = SM3(prev_hash || canonical bytes of the event).
-- See AuditRecorder, AuditSealer and ChainHash.

-- The identity of this chain: the anchor kept outside the database names it, so an anchor of
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
    content       text        NOT NULL
);
-- Newest first, for every search; the others narrow it.
CREATE INDEX event_recorded ON event (recorded DESC, id DESC);
-- fastupdate off: a pending list makes most inserts cheaper but makes one insert in thousands
-- merge it into the index (up to a second); with one or two patients per event, direct is cheap.
CREATE INDEX event_patients ON event USING gin (patients) WITH (fastupdate = off);
CREATE INDEX event_agent ON event (agent_subject, recorded DESC);
CREATE INDEX event_purpose ON event (purpose, recorded DESC);

CREATE TABLE pending (
    id text PRIMARY KEY
);

CREATE TABLE link (
    seq       bigint PRIMARY KEY,
    event_id  text   NOT NULL UNIQUE,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);

-- Append-only, enforced here and not only by the application.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION append_only();
CREATE TRIGGER link_append_only BEFORE UPDATE OR DELETE ON link FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER link_no_truncate BEFORE TRUNCATE ON link FOR EACH STATEMENT EXECUTE FUNCTION append_only();
CREATE TRIGGER chain_append_only BEFORE UPDATE OR DELETE ON chain FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER chain_no_truncate BEFORE TRUNCATE ON chain FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- An event leaves the queue only once it is chained, so the queue cannot be used to keep an
-- event out of the chain.
CREATE FUNCTION pending_leaves_when_linked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM audit.link WHERE event_id = OLD.id) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit.pending: an event leaves the queue only when chained; % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER pending_guard BEFORE UPDATE OR DELETE ON pending FOR EACH ROW EXECUTE FUNCTION pending_leaves_when_linked();
CREATE TRIGGER pending_no_truncate BEFORE TRUNCATE ON pending FOR EACH STATEMENT EXECUTE FUNCTION append_only();
