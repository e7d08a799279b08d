-- Shipments and invoices reported for orders through the ops API: the facts their 856 and 810 are
-- written from, kept so that a repeated report is recognised (same id, same content) and shipped and
-- invoiced quantities add up across reports. Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
create table fulfillment_event (
    kind           varchar(16)   not null,
    event_id       varchar(64)   not null,
    order_id       varchar(64)   not null references orders (order_id),
    payload        text          not null,
    correlation_id varchar(64),
    created_at     timestamp with time zone not null,
    primary key (kind, event_id)
);
create index ix_fulfillment_event_order on fulfillment_event (order_id, kind);
