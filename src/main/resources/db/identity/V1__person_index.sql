-- The master patient index. Personal data is never stored in the clear here: a member's matching
-- fields are one SM4-sealed value, and blocking keys are keyed SM3 blind indexes.

CREATE SEQUENCE person_id_seq;

-- A person (golden record). merged_into is set when the person was merged into another.
CREATE TABLE person (
    id          bigint      PRIMARY KEY,
    created     timestamptz NOT NULL,
    merged_into bigint      REFERENCES person (id)
);

-- A Patient record and the person it belongs to.
--   linked_by  new (first record of a new person), rule (resident ID / health card), score
--              (Fellegi–Sunter weight), manual (merge, split or review decision)
--   profile    the record's matching fields, sealed
--   findings   data-quality rule codes (field:rule) of values kept out of matching
CREATE TABLE member (
    patient_id  text             PRIMARY KEY,
    person_id   bigint           NOT NULL REFERENCES person (id),
    source      text             NOT NULL,
    profile     text             NOT NULL,
    linked_by   text             NOT NULL,
    probability double precision,
    findings    text[]           NOT NULL,
    updated     timestamptz      NOT NULL
);
CREATE INDEX member_person ON member (person_id);

-- Blocking keys: records sharing one are compared.
CREATE TABLE block (
    key        text NOT NULL,
    patient_id text NOT NULL,
    PRIMARY KEY (key, patient_id)
);
CREATE INDEX block_patient ON block (patient_id);

-- Everything that happened to persons: who, when, why. Insert-only.
CREATE TABLE event (
    id              bigserial        PRIMARY KEY,
    at              timestamptz      NOT NULL,
    actor           text             NOT NULL,
    action          text             NOT NULL,
    person_id       bigint           NOT NULL,
    other_person_id bigint,
    patient_ids     text[]           NOT NULL,
    reason          text,
    probability     double precision,
    undone_by       bigint
);
CREATE INDEX event_person ON event (person_id);
CREATE INDEX event_other_person ON event (other_person_id);

-- Pairs that may be one person, waiting for a person to decide; decided ones are kept.
CREATE TABLE review (
    id                   bigserial        PRIMARY KEY,
    patient_id           text             NOT NULL,
    candidate_patient_id text             NOT NULL,
    probability          double precision NOT NULL,
    opened               timestamptz      NOT NULL,
    decision             text,
    decided              timestamptz,
    decided_by           text,
    reason               text
);
CREATE UNIQUE INDEX review_pair ON review (least(patient_id, candidate_patient_id), greatest(patient_id, candidate_patient_id));
CREATE INDEX review_open ON review (opened) WHERE decision IS NULL;
