-- Which person (master patient index) each Patient record belongs to: the record store's own copy,
-- kept in the same transaction as every link, merge and split, so that access decisions and
-- person-wide searches see a resident's records at every institution as one.
CREATE TABLE patient_person (
    patient_id text   PRIMARY KEY,
    person_id  bigint NOT NULL
);
CREATE INDEX patient_person_person ON patient_person (person_id, patient_id);
