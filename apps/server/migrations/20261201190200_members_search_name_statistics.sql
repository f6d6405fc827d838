-- The planner estimates how many members a name fragment matches (search_name like '%…%') from the
-- values ANALYZE samples into the column's histogram. With the default 100 entries, a surname stem
-- that 2.5 % of a million members share was missing from one analysis' sample: estimated at 100
-- rows instead of 25,000, the search fetched and sorted all 25,000 (150 ms) instead of walking the
-- newest members until it had a page (2–4 ms), and which stem it hit changed with every ANALYZE.
-- A thousand entries show any fragment shared by a few tenths of a percent of the members.
alter table members alter column search_name set statistics 1000;
analyze members (search_name);
