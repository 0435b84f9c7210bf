-- Feeds polled by the service, with their conditional-GET and health state.
create table feeds (
  id                   bigserial primary key,
  url                  text not null unique,
  title                text,
  language             text,
  enabled              boolean not null default true,
  poll_interval_s      integer not null default 900 check (poll_interval_s >= 30),
  min_text_chars       integer,
  etag                 text,
  last_modified        text,
  next_check_at        timestamptz,
  last_polled_at       timestamptz,
  last_status          text,
  last_http_status     integer,
  last_error           text,
  consecutive_failures integer not null default 0,
  last_success_at      timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
