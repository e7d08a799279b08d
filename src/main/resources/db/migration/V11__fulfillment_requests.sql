-- Fulfillment requests sent to nodes (io.railhead.fulfillment.NodeRequests). A row is written in the
-- transaction of the sourcing decision (a transactional outbox): NodeRequestRelay queues the PENDING rows
-- not yet queued (queued_at null) to railhead.queues.node-requests, so a crash between the commit and the
-- send loses nothing. node_day is the node's local date in its cut-off zone (UTC when it has none) when
-- the request was made: what its daily capacity is counted on.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
create table fulfillment_request (
    fulfillment_id varchar(64)  not null primary key,
    order_id       varchar(64)  not null,
    node_id        varchar(64)  not null,
    node_day       date         not null,
    payload        text         not null,
    status         varchar(16)  not null,
    attempts       integer      default 0 not null,
    last_error     varchar(2000),
    correlation_id varchar(64),
    queued_at      timestamp with time zone,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
-- The relay reads the rows not yet queued oldest first; capacity counts a node's rows of a day.
create index ix_fulfillment_request_unqueued on fulfillment_request (queued_at, created_at);
create index ix_fulfillment_request_node_day on fulfillment_request (node_id, node_day, status);
create index ix_fulfillment_request_order on fulfillment_request (order_id);

-- Whether a node takes requests: marked down by an operator or after downAfterFailures consecutive dead
-- requests (an accepted one resets the count). No row: up, no failures.
create table fulfillment_node_state (
    node_id              varchar(64) not null primary key,
    down                 boolean     default false not null,
    reason               varchar(2000),
    since                timestamp with time zone,
    consecutive_failures integer     default 0 not null
);
