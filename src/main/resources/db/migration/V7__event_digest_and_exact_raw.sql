-- What a claimed event key was claimed with: the SHA-256 of the delivery's payload, where the sender
-- gives an id of its own to each delivery (webhooks). The same id with the same payload is a repeat;
-- the same id with another payload is a conflict, held for an operator instead of being dropped.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
alter table idempotency_key add column digest varchar(80);

-- A payload a text column cannot hold exactly (it has NUL characters, which PostgreSQL's text refuses) is
-- also kept byte for byte; payload then holds it with the NULs replaced, for reading.
alter table raw_message add column payload_bytes bytea;
