-- Points of a return that had expired already (the expiry job wrote them off from the purchase's
-- lot before the return): counted as taken back without taking them from the balance a second time.
alter table purchase_returns add column points_expired bigint not null default 0;
