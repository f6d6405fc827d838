-- Web Push: the installation's VAPID key pair (when not given in the configuration), members'
-- push subscriptions (one per device/browser), and "push" as a third channel of templates,
-- campaigns and message deliveries.

-- Global: one key pair per installation (push services identify the sender by its public key,
-- and every subscription a browser makes is bound to it), so it belongs to no company. At most
-- one row; the private key is encrypted with SECRET_KEY like the companies' provider secrets.
create table push_vapid_keys (
  id smallint primary key default 1 check (id = 1),
  public_key text not null,
  private_key_enc text not null,
  created_at timestamptz not null default now()
);

create table push_subscriptions (
  company_id text not null references companies (id),
  id text not null,
  member_id text not null,
  endpoint text not null,
  p256dh text not null,
  auth text not null,
  user_agent text,
  created_at timestamptz not null default now(),
  last_success_at timestamptz,
  -- consecutive failed sends (not counting "gone", which removes the row)
  failures integer not null default 0,
  primary key (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id)
);
-- A browser's endpoint is its subscription: subscribing again (or as another member on the same
-- device) replaces the row.
create unique index push_subscriptions_endpoint_key on push_subscriptions (company_id, endpoint);
create index push_subscriptions_member_idx on push_subscriptions (company_id, member_id);

alter table message_deliveries drop constraint message_deliveries_channel_check;
alter table message_deliveries add constraint message_deliveries_channel_check check (channel in ('email', 'sms', 'push'));
-- push: the address the notification opens (title in subject, body in text)
alter table message_deliveries add column link_url text;

alter table message_templates drop constraint message_templates_channel_check;
alter table message_templates add constraint message_templates_channel_check check (channel in ('email', 'sms', 'push'));
alter table message_templates add column url text not null default '';

alter table campaigns drop constraint campaigns_channel_check;
alter table campaigns add constraint campaigns_channel_check check (channel in ('email', 'sms', 'push'));
alter table campaigns add column url text not null default '';
