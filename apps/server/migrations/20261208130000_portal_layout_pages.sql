-- Portal settings' layout (issue 21) and the portal's pages.
-- What the portal shows: empty texts and null images fall back to the program's and company's own.
alter table portal_settings
  add column program_name text not null default '',
  add column logo_media_id text,
  add column background_media_id text,
  add column favicon_media_id text,
  add column accent_color text not null default '#2f9e44' check (accent_color ~ '^#[0-9a-f]{6}$'),
  add column identifier_label_pl text not null default '',
  add column identifier_label_en text not null default '',
  add column barcode_format text not null default 'code128' check (barcode_format in ('code128', 'ean13', 'qr', 'code39')),
  add column default_program_id text;

create table portal_pages (
  company_id text not null references companies(id),
  id text not null,
  title text not null,
  body_html text not null default '',
  active boolean not null default true,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index portal_pages_menu_idx on portal_pages (company_id, position, id);
