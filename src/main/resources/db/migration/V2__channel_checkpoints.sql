-- Where each poller of each channel account stands (e.g. Amazon LastUpdatedAfter, Walmart
-- lastModifiedStartDate): advanced only after everything before it is on the intake queue.
create table channel_checkpoint (
    channel    varchar(32)  not null,
    account    varchar(255) not null,
    name       varchar(64)  not null,
    checkpoint_value varchar(2000) not null,
    updated_at timestamp with time zone not null,
    primary key (channel, account, name)
);
