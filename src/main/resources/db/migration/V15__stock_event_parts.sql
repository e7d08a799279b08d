-- An event larger than railhead.stock.apply-batch-items is applied in parts, each in its own transaction: how
-- many of its items (in SKU order) are applied so far, so a restart goes on from there.
alter table stock_event add column applied_items integer default 0 not null;
