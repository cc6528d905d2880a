-- Data quality: one row per assessed resource version and one per finding. No personal values are
-- stored here: resource references, rule codes, element paths and short non-personal details.

-- A resource version as it arrived.
--   organization  the writer's Organization id ('' when the platform or an administrator wrote it)
--   month         the first day of the arrival month (in the platform's zone): what scorecards group by
--   event_time    the clinical event time (Encounter start, Observation effective, …), when the type has one
--   delay_seconds arrival − event time
--   failed        bitmask of dimensions with a failing scored rule: 1 completeness, 2 validity,
--                 4 consistency, 8 timeliness
CREATE TABLE assessment (
    organization  text        NOT NULL,
    month         date        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    version       integer     NOT NULL,
    patient_id    text,
    assessed_at   timestamptz NOT NULL,
    event_time    timestamptz,
    delay_seconds bigint,
    failed        smallint    NOT NULL
);
-- the monthly aggregate reads only this index (index-only scan)
CREATE INDEX assessment_month ON assessment (month, organization, resource_type) INCLUDE (failed);

-- One failure of one rule by one resource version.
CREATE TABLE finding (
    organization  text    NOT NULL,
    month         date    NOT NULL,
    rule_code     text    NOT NULL,
    resource_type text    NOT NULL,
    resource_id   text    NOT NULL,
    version       integer NOT NULL,
    patient_id    text,
    path          text    NOT NULL,
    detail        text    NOT NULL
);
CREATE INDEX finding_month ON finding (month, organization, rule_code);
