-- What the operations KPIs (io.railhead.kpi, docs/fulfillment.md "KPIs") read in plain SQL instead of parsing
-- JSON payloads: the ship date a request promised, when a node says a shipment left and how many units it
-- carried. Rows written before this version have them null and are left out of the figures that need them.
-- The timeline and the requests are read by time window.
-- Portable SQL: PostgreSQL and H2 (MODE=PostgreSQL).
alter table fulfillment_request add column promised_ship_date date;
alter table node_shipment add column shipped_at timestamp with time zone;
alter table node_shipment add column units integer;
create index ix_order_timeline_at on order_timeline (at);
create index ix_fulfillment_request_created on fulfillment_request (created_at);
create index ix_node_shipment_created on node_shipment (created_at);
create index ix_order_return_created on order_return (created_at);
