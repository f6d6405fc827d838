-- Whether the low-pool event has fired for the pool's current stay at or below its threshold:
-- set by the redemption that crosses it (under the pool's row lock), cleared when codes are added
-- above the threshold again. So the event fires once per crossing, however redemptions race.
alter table voucher_pools add column low_notified boolean not null default false;
