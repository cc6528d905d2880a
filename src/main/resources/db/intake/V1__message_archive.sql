-- Every HL7 v2 message received, with its outcome: the archive a feed is replayed from after a
-- mapping fix, and the proof of what was acknowledged. The raw bytes are gzip-compressed and then
-- sealed (SM4-GCM, PersonalIdentifiers.sealBytes): messages carry names and ID numbers.
CREATE TABLE message (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sender         text        NOT NULL,           -- MSH-4 sending facility ('' when unreadable)
  control_id     text        NOT NULL,           -- MSH-10 ('' when unreadable)
  message_type   text        NOT NULL,           -- MSH-9, e.g. ADT^A01
  organization   text,                           -- the sender's institution, when known
  received_at    timestamptz NOT NULL,
  outcome        char(2)     NOT NULL CHECK (outcome IN ('AA', 'AE', 'AR')),
  error_code     text,                           -- HL7 table 0357
  error_location text,                           -- e.g. PID-7
  detail         text,                           -- what was wrong, masked of personal data
  size_bytes     bigint      NOT NULL,
  raw            bytea       NOT NULL,           -- sealed gzip of the bytes as received (at most the size limit)
  duplicates     integer     NOT NULL DEFAULT 0, -- how often it was received again after it was accepted
  replayed_at    timestamptz
);

-- a message (sender + control id) is accepted at most once: a resend is acknowledged, not stored
CREATE UNIQUE INDEX message_accepted ON message (sender, control_id) WHERE outcome = 'AA';
CREATE INDEX message_sender ON message (sender, id);
CREATE INDEX message_received ON message (received_at);
