-- Every purchase, redemption and expiry run updates the member's enrollment (totals, debt,
-- expired). In a page with no free space PostgreSQL writes the new version to another page and adds
-- it to all three enrollment indexes: three random index writes per update, in indexes of hundreds
-- of megabytes at a million members. With 15 % of each page kept free the update stays on its page
-- (a HOT update) and touches no index: at 1M members the expiry job's enrollment updates took half
-- the time. Applies to pages written from now on; pruning keeps the space free as rows are updated.
alter table enrollments set (fillfactor = 85);
