-- Cancellations both ways (docs/fulfillment.md, "Cancellations").
-- A channel's cancellation of an order cancels its fulfillment requests; one the node may already have
-- (accepted, or sent at least once) owes the node a cancel call: cancel_status OWED until the node answers
-- (SENT; REFUSED when it cannot cancel any more; DEAD when it never answered). Null: no call owed.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
alter table fulfillment_request add column cancel_status varchar(16);
alter table fulfillment_request add column cancel_answer varchar(2000);

-- Lines a node reported it cannot ship (POST /api/fulfillment/cancellations) and what became of them:
-- RESOURCED (another node takes them), CHANNEL_OWED (no node can: cancelled at the channel, call owed),
-- CANCELLED_AT_CHANNEL (the channel took the cancel), CANCEL_AT_CHANNEL (the channel's API cannot, or
-- refused: an operator must cancel there; what to do is in action). payload: the report as resolved.
-- queued_at: when a CHANNEL_OWED one was put on railhead.queues.line-cancels (the sweep queues the rest).
create table line_cancellation (
    cancellation_id varchar(160) not null primary key,
    order_id        varchar(64)  not null,
    node_id         varchar(64)  not null,
    payload         text         not null,
    outcome         varchar(24)  not null,
    action          varchar(2000),
    correlation_id  varchar(64),
    queued_at       timestamp with time zone,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);
create index ix_line_cancellation_order on line_cancellation (order_id);
create index ix_line_cancellation_outcome on line_cancellation (outcome, created_at);

-- Re-sourcing finds the lines a failed node gave back that no other node could take: reserved at no location.
create index ix_stock_reservation_location on stock_reservation (location, reserved);

-- A return's ERP call queued (railhead.queues.erp-returns) after its commit; the relay sweep queues the PENDING
-- ones never queued (the broker was away right after the commit).
alter table order_return add column queued_at timestamp with time zone;
