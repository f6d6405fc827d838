-- Issue 23: rewarded referrals. One row per referred member (the friend), written by the referrals
-- outbox consumer when a member gets a referrer; automation marks it successful and rewarded.
-- The id of a referral is the friend's member id: a member has at most one referrer.

create table referrals (
  company_id text not null references companies (id),
  friend_member_id text not null,
  referrer_member_id text not null,
  source text not null check (source in ('portal_link', 'staff', 'api')),
  registered_at timestamptz not null,
  -- HMACs (under SECRET_KEY) of the sign-up request's address and user agent; null for staff/API
  address_hash text,
  device_hash text,
  review text not null default 'none' check (review in ('none', 'flagged', 'approved', 'rejected')),
  flag_reason text check (flag_reason in ('same_address', 'same_device')),
  reviewed_at timestamptz,
  reviewed_by text,
  successful_at timestamptz,
  rewarded_at timestamptz,
  points_paid bigint not null default 0,
  primary key (company_id, friend_member_id),
  foreign key (company_id, friend_member_id) references members (company_id, id),
  foreign key (company_id, referrer_member_id) references members (company_id, id)
);
-- A referrer's friends (the card's tab, the portal, the flag count of the last 24 h).
create index referrals_referrer_idx on referrals (company_id, referrer_member_id, friend_member_id desc);
-- Staff's review queue.
create index referrals_review_idx on referrals (company_id, review, friend_member_id desc) where review <> 'none';
-- The report's period.
create index referrals_registered_idx on referrals (company_id, registered_at);

-- Members who already have a referrer: registered, as staff recorded them, nothing to review. No
-- event is emitted for them (automation starts with referrals made from now on).
insert into referrals (company_id, friend_member_id, referrer_member_id, source, registered_at, review)
select company_id, id, referrer_id, 'staff', created_at, 'none'
  from members
 where referrer_id is not null;
