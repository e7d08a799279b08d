-- The command an order owes the ERP (CREATE or CANCEL; null when none is outstanding) and the
-- number of its latest dispatch. A dispatch is written here in the same database transaction as the
-- transition that asks for it, so a command whose queue message was lost in a crash (the database
-- committed, the broker did not) is found and sent again at start-up; the ERP stage acts only on
-- the message carrying the latest number, so a re-sent command never runs twice.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
alter table orders add column dispatch_action varchar(16);
alter table orders add column dispatch_seq integer not null default 0;
create index ix_orders_dispatch on orders (dispatch_action);
-- Orders validated before this version owe the ERP their create.
update orders set dispatch_action = 'CREATE', dispatch_seq = 1 where status = 'VALIDATED';
