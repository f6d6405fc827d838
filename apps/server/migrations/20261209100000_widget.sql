-- Issue 22: the website widget. A company's widget settings; members signed in through the widget
-- hold member sessions of channel 'widget' (bearer tokens, never the portal's cookie).

create table widget_settings (
  company_id text primary key references companies (id),
  enabled boolean not null default false,
  -- the `data-company` value of the snippet: requests from other sites find their company by it
  public_key text not null,
  allowed_origins text[] not null default '{}',
  accent_color text not null default '#1c7ed6',
  position text not null default 'bottom-right' check (position in ('bottom-right', 'bottom-left')),
  -- {"pl": {"launcher": "", "title": "", "intro": ""}, "en": {...}}; "" = the widget's default text
  texts jsonb not null default '{}',
  -- HMAC secrets for the host site's signed member tokens, encrypted under SECRET_KEY; during a
  -- rotation the previous one verifies too until previous_valid_until
  secret_enc text not null,
  previous_secret_enc text,
  previous_valid_until timestamptz,
  secret_rotated_at timestamptz,
  updated_at timestamptz not null default now()
);
-- Global like portal_settings' own domain: a widget request names only its public key.
create unique index widget_settings_public_key_key on widget_settings (public_key);

alter table member_sessions add column channel text not null default 'portal' check (channel in ('portal', 'widget'));
-- A session opened with the host site's signed token ends at its fixed time (the host decides who is
-- signed in); the others slide with use.
alter table member_sessions add column renews boolean not null default true;
