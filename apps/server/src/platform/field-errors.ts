/**
 * The one catalog of field-error codes. Every error detail the API returns carries one of these
 * stable snake_case codes (what clients translate), its params (the values the message names) and
 * the English message made from the template here (the API speaks English).
 *
 * Zod schemas keep writing plain English (`.min(1, "is required")`, `.regex(re, "must be a time
 * HH:MM")`): `zodIssueDetail` in app.ts finds the code of such a text by matching it against these
 * templates, so a schema's wording and its code cannot drift apart. A text the catalog does not
 * know falls back to the code of the zod issue kind (too_long, invalid_format, …).
 */
export const FIELD_ERRORS = {
  // ---- kinds of schema check (also what an unknown schema text falls back to) ----
  required: "is required",
  invalid: "is invalid",
  invalid_type: "must be of type {expected}",
  whole_number: "must be a whole number",
  too_short: "must be at least {min} characters",
  too_long: "must be at most {max} characters",
  too_small: "must be at least {min}",
  too_big: "must be at most {max}",
  greater_than: "must be more than {min}",
  less_than: "must be less than {max}",
  too_few: "must have at least {min} items",
  too_many: "must have at most {max} items",
  not_multiple_of: "must be a multiple of {divisor}",
  invalid_format: "has the wrong format",
  invalid_option: "must be one of: {options}",
  unknown_field: "is not a known field",
  email: "must be a valid e-mail address",
  email_address: "must be an e-mail address",
  url: "must be an absolute URL",
  datetime: "must be an ISO 8601 date-time",
  date: "must be a date YYYY-MM-DD",
  time: "must be a time HH:MM",
  body: "the request body is malformed",
  not_null: "must not be null",
  control_characters: "must not contain control characters (such as NUL); tab and line breaks are allowed",

  // ---- schema texts with a meaning of their own ----
  required_min_3: "is required (at least 3 characters)",
  not_empty: "must not be empty",
  not_zero: "must not be 0",
  not_negative: "must not be negative",
  zero_or_more: "must be 0 or more",
  positive: "must be more than 0",
  between: "must be between {min} and {max}",
  range: "must be {min}-{max}",
  basis_points: "must be between 0 and 10000 (0–100%)",
  multiplier_min: "must be above 10000 (×1)",
  multiplier_max: "must be at most 100000 (×10)",
  points_adjustment_max: "must be at most 10000000 either way",
  whole_minor_units: "must be a whole number of minor units (e.g. grosze)",
  whole_minor_units_short: "must be a whole number of minor units",
  real_date: "must be a real date",
  after_1900: "must be after 1900",
  time_of_day: "must be a time HH:MM (00:00-23:59)",
  colour: "must be a colour like {example}",
  slug: "may contain only lowercase letters, digits and single hyphens",
  key_format: "must be snake_case: a lowercase letter, then lowercase letters, digits or _ (at most 50)",
  name_chars: "may contain a–z, 0–9, _ . -",
  sender_chars: "may hold letters, digits, spaces and . - &",
  card_number_format: "must be 4–32 characters: letters A–Z, digits or -",
  card_prefix_format: "must be 0–10 letters A–Z or digits",
  code_prefix_format: "0–10 capital letters or digits",
  code_length_min: "at least 6 random characters",
  currency: "must be an ISO 4217 currency code, e.g. PLN",
  currency_capitals: "must be an ISO 4217 code in capitals, e.g. PLN",
  time_zone: "must be an IANA time zone, e.g. Europe/Warsaw",
  country: "must be a two-letter country code, e.g. PL",
  phone: "must be a phone number",
  phone_example: "must be a phone number, e.g. +48 600 100 200",
  host: "must be a host name or IP address",
  header_name: "must be an HTTP header name",
  json_template: "must be JSON (placeholders inside strings)",
  must_contain: "must contain {names}",
  unique_ids: "each id at most once",
  unique_consents: "each consent at most once",
  unique_options: "options must be unique",
  at_least_one_change: "give at least one change",
  at_least_one_purchase: "must hold at least one purchase",
  at_least_one_scope: "choose at least one scope",
  at_most: "at most {max}",
  at_most_images: "at most {max} images",
  at_most_tags: "at most {max} tags",
  at_most_changes: "at most {max} changes",
  at_most_options: "at most {max} options",
  at_most_at_a_time: "at most {max} at a time",
  file_too_large_mb: "at most {max} MB; split larger files",
  closes_after_opens: "must close after it opens",
  after_starts_at: "must be after startsAt",
  unknown_parameter: "is not a known parameter (custom fields: field.<key>)",
  one_member: "give either memberId or cardNumber",
  amount_or_lines: "give either amount or lines",
  lines_sum: "lines add up to {sum}, not to amount {amount}",
  both_converter: "set both converterPoints and converterAmountMinor, or neither",
  both_quiet_hours: "set quietHoursStart and quietHoursEnd together",
  quiet_hours_differ: "must differ from quietHoursStart",
  both_limit_period: "set limitPerPeriod and limitPeriodDays together",
  required_when_sending: "is required when sending is enabled",
  required_http_provider: "is required for the HTTP provider",
  required_expiry_policy: "is required for this expiry policy",
  required_rolling_period: "is required for a rolling period",
  required_coupon: "is required for a coupon",
  percentage_max: "a percentage must be at most 100",
  required_voucher: "is required for an electronic voucher",
  required_free_product: "is required for a free product",
  required_for_rule: "is required for a {kind} rule",
  required_for_single_stock: "is required for a single stock",
  required_without_idempotency_key: "is required; leave it out only with an Idempotency-Key header, which generates one",
  required_event_rule: "is required for an event rule",
  required_custom_event: "is required for a custom event",
  event_type_only_event: "only event rules have an event type",
  per_item_needs_products: "needs products: skus, categories or producers",
  required_email: "is required for an e-mail",
  required_sms: "is required for an SMS",
  required_text_custom: "is required when textMode is custom (or use textMode auto)",
  sms_no_subject: "an SMS has no subject",
  sms_no_html: "an SMS has no HTML body; write its text",
  unknown_placeholder: "unknown field {placeholder}",
  required_push: "is required for a push notification",
  push_no_html: "a push notification has no HTML body; write its title, text and link",
  push_url: "must be an https:// address, a path of the portal starting with /, or a personal field",
  base64url: "must be base64url",
  p256_public_key: "must be a P-256 public key (65 bytes, base64url)",
  auth_secret_16: "must be a 16-byte secret (base64url)",
  web_origin: "must be a web origin like {example}: scheme, host and port, no path",
  choice_needs_options: "a choice field needs options",
  only_choice_options: "only choice fields have options",

  // ---- service checks ----
  not_in_future: "must not be in the future",
  not_in_past: "must not be in the past",
  choose_own_location: "choose one of your locations",
  location_not_yours: "your account may not act at location {location}",
  join_location_required: "is required: your account is limited to chosen locations",
  unknown_locations: "unknown location {names}",
  not_company_program: "is not a program of this company",
  not_company_member: "is not a member of this company",
  not_company_consent: "is not a consent of this company",
  not_company_template: "is not a message template of this company",
  not_company_reward: "is not a reward of this company",
  not_company_tier: "is not a tier of this company",
  webhook_url: "must be an https:// address",
  unknown_event_type: "is not a published event type (GET /api/v1/webhooks/event-types)",
  webhook_endpoint_deleted: "the delivery's endpoint was deleted",
  shopify_secret_required: "is required for Shopify (the app's client secret)",
  shopify_secret_from_app: "Shopify signs with the app's client secret: paste its new value instead",
  whsec_secret: "must be whsec_ followed by base64 (a Standard Webhooks secret)",
  decimal_text: "must be a decimal number as text, e.g. 12.30",
  whole_from_one: "must be a whole number from 1",
  active_until_after_from: "must be after activeFrom",
  reward_not_of_program: "is a reward of another program than the scenario's",
  not_company_custom_field: "is not a custom field of this company",
  not_company_code_pool: "is not a code pool of this company",
  not_company_image: "is not an image uploaded by this company",
  not_your_company: "not a company you belong to",
  tier_not_of_program: "includes a tier that is not of this program",
  tier_id_not_of_program: "is not a tier of this program",
  consent_not_of_company: "includes a consent that is not of this company",
  tiers_need_program: "needs audience.programId (tiers belong to a program)",
  unknown_tiers: "unknown tier {names}",
  unknown_members: "unknown member {names}",
  consent_inactive: "is no longer active and cannot be granted",
  consent_version_stale: "the consent's text changed to version {version}: read the new text and decide again",
  request_not_open: "the request is {status} already",
  not_visible_to_member: "is not a field members can edit",
  wrong_current_password: "is not your current password",
  password_common: "is one of the most common passwords; choose another",
  password_personal: "must not contain your e-mail address or name",
  password_unchanged: "must differ from your current password",
  invitation_invalid: "the invitation is unknown, used, revoked or expired; ask for a new one",
  already_invited: "has an open invitation; resend it instead",
  wrong_password: "is not the password of this account",
  email_taken_account: "is already used by another account",
  already_member: "is already a member of this company",
  taken: "is already taken",
  listed_twice: "is listed twice",
  taken_by_member: "is already taken by another member",
  threshold_taken: "another tier of this program has this threshold",
  receipt_used: "already used for a different purchase",
  return_number_used: "already used for a different return",
  idempotency_key_used: "already used for a different request",
  not_before_purchase: "must not be before the purchase",
  refund_at_most: "at most {max} remains to refund",
  no_purchase_line: "the purchase has no line {line}",
  return_at_most: "only {max} of this line can still be returned",
  currency_must_be: "must be {currency}",
  no_member_with_card: "no member has this card number",
  card_check_digit: "the check digit does not match (is there a typo?)",
  self_referral: "a member cannot refer themselves",
  referrer_same_email: "the referrer has this member's e-mail address: a member cannot refer themselves",
  referrer_same_phone: "the referrer has this member's phone number: a member cannot refer themselves",
  referrer_same_card: "the referrer has this member's card number: a member cannot refer themselves",
  referrer_inactive: "the referring member is blocked or erased",
  referrer_already_set: "the member already has a referrer, who cannot be changed",
  referral_not_flagged: "only a flagged referral can be reviewed (this one is {review})",
  blocked_reason_only_blocked: "only a blocked member has a reason",
  cursor_not_of_search: "is not a cursor of this search",
  required_new_account: "is required for a new account",
  owner_only: "only an owner can grant the owner role",
  permissions_not_held: "you do not hold {names}",
  own_locations_only: "choose among your locations",
  locations_not_accessible: "includes locations you cannot access",
  ask_another_admin: "ask another admin",
  last_owner: "the company would have no owner",
  member_blocked: "the member is blocked",
  member_erased: "the member's data was erased: the card can no longer be changed or used",
  confirmation_mismatch: "must be the member's card number, typed to confirm",
  program_ended: "the program has ended",
  program_not_active: "the program is {status}, not active",
  program_not_started: "the program starts on {date}",
  program_ended_on: "the program ended on {date}",
  program_late_receipt: "too late: purchases made before the program ended ({date}) are accepted for {days} days after its end",
  program_end_fixed: "the program has ended: its end cannot move later (that would reopen it)",
  not_enrolled: "the member is not enrolled in this program",
  points_available: "only {available} points available",
  already_reversed: "already reversed",
  entry_not_reversible: "a {kind} entry cannot be reversed",
  reverse_purchase_by_return: "purchase points are taken back by recording a return",
  reverse_redemption_by_cancel: "redemptions are undone by cancelling the redemption",
  tier_has_members: "the tier has members",
  stock_unlimited: "stock is unlimited",
  stock_too_low: "more than is in stock",
  delivery_adds_stock: "a delivery adds stock; use a correction to remove",
  required_correction: "is required for a correction",
  stock_per_location: "this reward keeps stock per location: choose one",
  stock_global: "this reward keeps one stock for all locations",
  out_of_stock: "out of stock",
  code_pool_empty: "the code pool is empty",
  reward_inactive: "The reward is switched off",
  reward_not_started: "Available from {date}",
  reward_ended: "Was available until {date}",
  reward_tier: "Only for members of certain tiers",
  reward_location: "Not available at this location",
  reward_limit_total: "At most {max} per member",
  reward_limit_period: "At most {max} per member every {days} days",
  reward_out_of_stock: "Out of stock",
  reward_shipping_only: "This reward is shipped: order it at the counter, not in the member portal",
  redemption_fulfilled: "already fulfilled",
  redemption_status: "is {status}",
  code_status: "the code is {status}",
  purchase_refused: "refused: {reason}",
  csv_no_codes: "has no codes",
  csv_bad_line: '"{text}" is not a code (4–64 letters, digits, - or _) with an optional expiry date',
  csv_bad_date: '"{value}" is not a date',
  csv_other_pool: "{code} belongs to another pool",
  file_empty: "is empty",
  file_too_large: "is larger than {max} MB",
  image_type: "must be a PNG, JPEG, WebP or GIF image",
  multipart_required: "send the image as multipart/form-data in a field named file",
  needs_members_read: "needs the members.read permission",
  test_to_required_sms: "is required for an SMS test",
  test_to_required_api_key: "is required when sending with an API key",
  to_required_api_key: "is required for API keys",
  to_not_phone: "is not a phone number",
  to_no_email: "is required: no e-mail address to send to",
  smsapi_token_required: "is required for SMSAPI (an OAuth token from its panel)",
  host_not_allowed: "is a loopback, private or otherwise special address ({address}); the operator has not allowed such hosts",
  not_set: "is not set",
  sms_provider_none: "is none",
  email_sending_off: "E-mail sending is not enabled in the outbox settings",
  sms_provider_missing: "No SMS provider is chosen in the outbox settings",
  must_be_text: "must be text",
  must_be_number: "must be a number",
  must_be_boolean: "must be true or false",
  must_be_option_list: "must be a list of options",
  unknown_options: "unknown option {names}; options: {options}",
  hostname: "must be a host name such as club.example.com",
  barcode_ean13_digits:
    "EAN-13 needs card numbers of 12 or 13 digits (the company's are {length} characters); change the card number settings first",
  // ---- member portal identity ----
  six_digit_code: "must be the 6-digit code from the message",
  code_invalid: "the code is wrong or has expired",
  code_attempts_exceeded: "too many wrong tries; ask for a new code",
  token_invalid: "the link is invalid, used or has expired",
  email_has_card: "a card with this e-mail exists; sign in or activate it",
  push_endpoint_https: "must be an https:// address of a push service",
  push_endpoint_private: "is on a loopback, private or otherwise special address; push services are on the public internet",
  push_consent_required: "the push notifications consent is not granted",
  push_no_devices: "the member has no device subscribed to push notifications",
} as const satisfies Record<string, string>;

export type FieldErrorCode = keyof typeof FIELD_ERRORS;
export type FieldErrorParams = Record<string, string | number>;

/** The English message of a code, its {placeholders} filled from params. */
export function fieldErrorText(code: FieldErrorCode, params: FieldErrorParams = {}): string {
  return FIELD_ERRORS[code].replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/** Placeholders that always hold a number: they match only numbers, so templates do not overlap. */
const NUMERIC = new Set(["min", "max", "sum", "amount", "available", "line", "days", "divisor"]);
/** Other placeholders with a narrow shape; the rest match any text. */
const SHAPES: Record<string, string> = { currency: "[A-Z]{3}", status: "[a-z_]+", example: "#[0-9a-fA-F]{6}", expected: "[a-z_]+" };

const STATIC = new Map<string, FieldErrorCode>();
const TEMPLATED: { re: RegExp; names: string[]; code: FieldErrorCode }[] = [];
for (const [code, template] of Object.entries(FIELD_ERRORS) as [FieldErrorCode, string][]) {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (names.length === 0) {
    STATIC.set(template, code);
    continue;
  }
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      if (NUMERIC.has(name)) return "(-?\\d+(?:\\.\\d+)?)";
      return `(${SHAPES[name] ?? ".+?"})`;
    })
    .join("");
  TEMPLATED.push({ re: new RegExp(`^${source}$`), names, code });
}

/** The code (and params) of an English text made from a catalog template, or null. */
export function matchFieldError(text: string): { code: FieldErrorCode; params?: FieldErrorParams } | null {
  const exact = STATIC.get(text);
  if (exact) return { code: exact };
  for (const { re, names, code } of TEMPLATED) {
    const m = re.exec(text);
    if (!m) continue;
    const params: FieldErrorParams = {};
    names.forEach((name, i) => {
      const value = m[i + 1] as string;
      params[name] = NUMERIC.has(name) ? Number(value) : value;
    });
    return { code, params };
  }
  return null;
}
