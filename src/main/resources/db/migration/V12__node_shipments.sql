-- Shipments the fulfillment nodes report (POST /api/fulfillment/shipments, the nodes' signed webhooks) and returns
-- received back (POST /api/returns; erp_status PENDING until the ERP took it, SENT, or refused it, REJECTED).
-- A shipment is recorded once per shipment id with the lines it
-- shipped (resolved to the order's line ids), and relayed to the order's channel once: relay_status PENDING
-- until the channel took it (RELAYED) or refused it (REFUSED) or its relay was dead-lettered (DEAD); NONE when
-- the order's channel hears of shipments otherwise. queued_at is set once its relay message is on the broker,
-- so a shipment whose message was lost between commit and send is queued again by the sweep.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
create table node_shipment (
    shipment_id    varchar(64)   not null primary key,
    order_id       varchar(64)   not null references orders (order_id),
    node_id        varchar(64)   not null,
    payload        text          not null,
    relay_status   varchar(16)   not null,
    relay_error    varchar(2000),
    correlation_id varchar(64),
    created_at     timestamp with time zone not null,
    queued_at      timestamp with time zone,
    relayed_at     timestamp with time zone
);
create index ix_node_shipment_order on node_shipment (order_id);
create index ix_node_shipment_unqueued on node_shipment (relay_status, queued_at, created_at);

create table order_return (
    return_id      varchar(64)   not null primary key,
    order_id       varchar(64)   not null references orders (order_id),
    payload        text          not null,
    correlation_id varchar(64),
    created_at     timestamp with time zone not null,
    erp_status     varchar(16)   not null,
    erp_response   varchar(2000)
);
create index ix_order_return_order on order_return (order_id);
