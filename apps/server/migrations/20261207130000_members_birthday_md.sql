-- The birthday job looks members up by the month and day of their birthday in each company
-- (birthdaysDueSql in modules/points): this index serves it, instead of a scan of every enrolment.
-- extract(... from date) is immutable, so it can be indexed; the job uses the same expression.
create index members_birthday_md_idx on members (company_id, ((extract(month from birthday) * 100 + extract(day from birthday))::int))
  where birthday is not null;
