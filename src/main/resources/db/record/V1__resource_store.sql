-- The FHIR clinical data repository: current resources, earlier versions, and one typed search
-- index table per search-parameter type. Every row that belongs to a patient carries patient_id
-- (the logical id of the Patient whose compartment it is in), the key a distributed deployment
-- co-locates by.

CREATE SEQUENCE resource_pk_seq CACHE 100;

CREATE TABLE resource (
    pk          bigint      PRIMARY KEY,
    res_type    text        NOT NULL,
    res_id      text        NOT NULL,
    version     integer     NOT NULL,
    updated     timestamptz NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    patient_id  text,
    index_hash  bigint,
    content     text,
    CONSTRAINT resource_type_id UNIQUE (res_type, res_id)
);
CREATE INDEX resource_patient ON resource (patient_id, pk) WHERE patient_id IS NOT NULL;
CREATE INDEX resource_type_updated ON resource (res_type, updated);
CREATE INDEX resource_updated ON resource (updated);

-- Versions before the current one, written when a resource is updated or deleted.
CREATE TABLE resource_history (
    pk          bigint      NOT NULL,
    version     integer     NOT NULL,
    res_type    text        NOT NULL,
    res_id      text        NOT NULL,
    updated     timestamptz NOT NULL,
    deleted     boolean     NOT NULL,
    patient_id  text,
    content     text,
    PRIMARY KEY (pk, version)
);
CREATE INDEX resource_history_type_updated ON resource_history (res_type, updated);
CREATE INDEX resource_history_updated ON resource_history (updated);

CREATE TABLE idx_string (
    resource_pk bigint NOT NULL,
    res_type    text   NOT NULL,
    param       text   NOT NULL,
    value_norm  text   NOT NULL,
    value_exact text   NOT NULL,
    patient_id  text
);
CREATE INDEX idx_string_value ON idx_string (res_type, param, value_norm text_pattern_ops);
CREATE INDEX idx_string_resource ON idx_string (resource_pk);

CREATE TABLE idx_token (
    resource_pk bigint NOT NULL,
    res_type    text   NOT NULL,
    param       text   NOT NULL,
    system      text,
    code        text,
    display     text,
    patient_id  text
);
CREATE INDEX idx_token_code ON idx_token (res_type, param, code, system);
CREATE INDEX idx_token_resource ON idx_token (resource_pk);

CREATE TABLE idx_date (
    resource_pk bigint      NOT NULL,
    res_type    text        NOT NULL,
    param       text        NOT NULL,
    low         timestamptz NOT NULL,  -- inclusive
    high        timestamptz NOT NULL,  -- exclusive
    patient_id  text
);
CREATE INDEX idx_date_range ON idx_date (res_type, param, low, high);
CREATE INDEX idx_date_resource ON idx_date (resource_pk);

CREATE TABLE idx_reference (
    resource_pk bigint NOT NULL,
    res_type    text   NOT NULL,
    param       text   NOT NULL,
    target_type text   NOT NULL,
    target_id   text   NOT NULL,
    patient_id  text
);
CREATE INDEX idx_reference_target ON idx_reference (target_id, target_type, param, res_type);
CREATE INDEX idx_reference_resource ON idx_reference (resource_pk);

CREATE TABLE idx_quantity (
    resource_pk bigint  NOT NULL,
    res_type    text    NOT NULL,
    param       text    NOT NULL,
    value       numeric NOT NULL,
    system      text,
    code        text,
    patient_id  text
);
CREATE INDEX idx_quantity_value ON idx_quantity (res_type, param, value);
CREATE INDEX idx_quantity_resource ON idx_quantity (resource_pk);

CREATE TABLE idx_uri (
    resource_pk bigint NOT NULL,
    res_type    text   NOT NULL,
    param       text   NOT NULL,
    uri         text   NOT NULL,
    patient_id  text
);
CREATE INDEX idx_uri_value ON idx_uri (res_type, param, uri);
CREATE INDEX idx_uri_resource ON idx_uri (resource_pk);

-- Search results that did not fit one page, kept so that paging links stay stable while the
-- data changes underneath. Any node can serve any page: nothing lives in memory.
CREATE TABLE search (
    search_id   uuid        PRIMARY KEY,
    created     timestamptz NOT NULL,
    total       integer     NOT NULL,
    includes    text        NOT NULL DEFAULT ''
);
CREATE INDEX search_created ON search (created);

CREATE TABLE search_result (
    search_id   uuid    NOT NULL,
    position    integer NOT NULL,
    resource_pk bigint  NOT NULL,
    PRIMARY KEY (search_id, position)
);
