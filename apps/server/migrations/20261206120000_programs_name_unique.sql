-- A company's programs have unique names (any case): two programs called "Klub" made rewards and
-- purchases land in the wrong one. Existing duplicates keep their first holder's name; the later
-- ones get a " (2)", " (3)"… suffix (or their id, if that name is taken too) so the index can be built.
update programs p
   set name = p.name || case
         when exists (select 1 from programs o where o.company_id = p.company_id and lower(o.name) = lower(p.name || ' (' || d.n || ')'))
           then ' (' || p.id || ')'
         else ' (' || d.n || ')'
       end,
       updated_at = now()
  from (select company_id, id, row_number() over (partition by company_id, lower(name) order by created_at, id) as n from programs) d
 where d.company_id = p.company_id and d.id = p.id and d.n > 1;

create unique index programs_name_key on programs (company_id, lower(name));
