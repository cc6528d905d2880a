-- What access decisions need to know about each row, kept next to it so one SQL condition decides
-- visibility for read, search, includes, paging and $everything alike:
--   org_id  the institution (Organization id) whose record it is: the writer's institution
--   labels  the security labels (HL7 v3 ActCode codes in meta.security, e.g. PSY, HIV)
ALTER TABLE resource ADD COLUMN org_id text, ADD COLUMN labels text[];
ALTER TABLE resource_history ADD COLUMN org_id text, ADD COLUMN labels text[];

-- A patient is in care at an institution once it holds a record of theirs.
CREATE TABLE care_relationship (
    patient_id text        NOT NULL,
    org_id     text        NOT NULL,
    since      timestamptz NOT NULL,
    PRIMARY KEY (patient_id, org_id)
);

-- The active privacy Consents, as rules: 'permit' (opt-in sharing), 'deny-all', 'deny-org' (do
-- not share with that institution), 'deny-label' (do not share records with that label).
CREATE TABLE consent_rule (
    consent_pk bigint NOT NULL,
    patient_id text   NOT NULL,
    rule       text   NOT NULL,
    org_id     text,
    label      text
);
CREATE INDEX consent_rule_patient ON consent_rule (patient_id);
CREATE INDEX consent_rule_consent ON consent_rule (consent_pk);

-- A kept result list belongs to whoever searched: its paging links work for them only.
ALTER TABLE search ADD COLUMN owner text;
