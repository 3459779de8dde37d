#include "intervision/services/registration_service.h"

#include "intervision/domain/network.h"
#include "intervision/domain/session_rules.h"
#include "intervision/domain/login_throttle.h"

#include <algorithm>

#include <fmt/format.h>

#include "intervision/services/scheduling.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/ical.h"
#include "intervision/mail/message.h"
#include "intervision/mail/templates.h"
#include "intervision/services/certificate_service.h"
#include "intervision/services/roll_service.h"
#include "intervision/store/announcement_store.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/privacy_ledger.h"
#include "intervision/store/session_store.h"

namespace intervision {

namespace {

// The cycle as stored (an admin may have moved its dates, and with them the deletion date the
// notice promised), else as its label and the configured start say.
result<cycle> cycle_named(db_connection& db, const config& cfg, const std::string& label) {
  if (auto row = find_cycle(db, label))
    if (auto c = cycle_of_row(*row)) return c;
  return cycle_from_label(label, cycle_start_of(cfg));
}

// Thrown inside a write job to roll it back with a status for the caller.
struct job_refusal {
  status s;
};

// A write job's outcome as a status: committed -> ok, refused -> its status, else internal.
status outcome_of(std::exception_ptr e, const char* what) {
  if (!e) return status::ok();
  try {
    std::rethrow_exception(e);
  } catch (const job_refusal& r) {
    return r.s;
  } catch (...) {
    return status(status_code::internal, what);
  }
}

std::string ad_for(const std::string& cycle, const char* field) { return cycle + ":" + field; }

}  // namespace

registration_service::registration_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                                           std::shared_ptr<privacy_ledger> ledger)
    : cfg_(cfg),
      clock_(clk),
      db_(db),
      keys_(std::move(keys)),
      per_address_(cfg.security.registrations_per_address_hour, 3600),
      per_email_(cfg.security.registrations_per_email_hour, 3600),
      ledger_(std::move(ledger)) {}

std::optional<status> registration_service::over_limit(const std::string& email, const std::string& client_address, std::int64_t now) {
  std::int64_t wait = 0;
  if (!client_address.empty()) wait = per_address_.take(address_key(client_address), now);
  if (wait == 0) wait = per_email_.take(email_hash(email), now);
  if (wait == 0) return std::nullopt;
  return status(status_code::too_many, "Too many registrations at once. Please try again later.");
}

std::pair<std::string, std::string> registration_service::network_hashes(const std::string& client_address) const {
  auto nets = networks_of(client_address);
  if (!nets) return {};
  return {keyed_hash(keys_->index_key(), "reg-net:" + nets->narrow), keyed_hash(keys_->index_key(), "reg-net:" + nets->wide)};
}

result<int> registration_service::cancel_all_from_range(const std::string& range, std::int64_t staff_id) {
  auto canonical = canonical_range(range);
  if (!canonical)
    return status::invalid({{"address_range", "invalid"}},
                           "An address range is an IPv4 /24 or /16, an IPv6 /64 or /48, or one address (its /24 or /64).");
  auto hash = keyed_hash(keys_->index_key(), "reg-net:" + *canonical);
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) {
    int cancelled = 0;
    for (const auto& r : live_registrations_from(db, hash))
      if (cancel_registration(db, r.participant_id, r.id)) ++cancelled;
    // The count and the prefix length only: the range is the admin's evidence, kept out of the trail.
    record_audit(db, now, staff_id, "registrations.cancel_range", "registrations", "",
                 std::to_string(cancelled) + " cancelled (/" + canonical->substr(canonical->find('/') + 1) + ")");
    return cancelled;
  });
}

std::string registration_service::address_key(const std::string& client_address) const {
  return keyed_hash(keys_->index_key(), "reg-address:" + throttle_address(client_address));
}

std::int64_t registration_service::retry_after_seconds(const std::string& email, const std::string& client_address) {
  auto now = clock_.now().time_since_epoch().count();
  auto wait = client_address.empty() ? 0 : per_address_.wait(address_key(client_address), now);
  return std::max<std::int64_t>({1, wait, per_email_.wait(email_hash(email), now)});
}

std::string registration_service::mail_id(const std::string& kind, const std::string& token_hash, std::int64_t session_id,
                                          std::int64_t occasion) const {
  return keyed_hash(keys_->index_key(), fmt::format("mail:{}:{}:{}:{}", kind, token_hash, session_id, occasion)).substr(0, 32);
}

std::string registration_service::personal_link(const std::string& token) const {
  auto base = cfg_.server.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/manage#token=" + token;
}

std::string registration_service::email_hash(const std::string& email) const {
  return keyed_hash(keys_->index_key(), "email:" + normalise_email(email));
}

std::string registration_service::token_hash(const std::string& token) const {
  return keyed_hash(keys_->index_key(), "token:" + token);
}

std::string registration_service::open_field(const participant_row& p, const std::string& sealed, const char* field) const {
  if (sealed.empty()) return {};
  auto key = keys_->find(p.cycle_label);
  if (!key) return {};
  return open(*key, sealed, ad_for(p.cycle_label, field)).value_or("");
}

ical_event registration_service::event_for(const session_row& s, const series_row& series, const std::string& language) const {
  ical_event ev;
  ev.uid = session_uid(s.id, host_of_url(cfg_.server.public_url));
  ev.sequence = s.sequence;
  ev.starts_at = sys_seconds{std::chrono::seconds{s.starts_at}};
  ev.ends_at = sys_seconds{std::chrono::seconds{s.ends_at}};
  ev.stamp = clock_.now();
  ev.summary = series.title.in(language);
  ev.location = s.place;
  ev.url = session_page_url(cfg_.server.public_url, s.id, language);
  auto [name, address] = split_mailbox(cfg_.mail.from);
  ev.organizer_name = name;
  ev.organizer_email = address;
  return ev;
}

outbox_row registration_service::seal_mail(const mail_person& to, const std::string& cycle_key, const std::string& kind,
                                           std::int64_t session_id, mail_message m,
                                           const std::string& mail_id) const {
  m.to = to.email;
  auto now = clock_.now();
  auto mime = render_mime(m, cfg_.mail.from, fmt::format("<{}@{}>", random_token(16), host_of_url(cfg_.server.public_url)), now);
  outbox_row o;
  o.session_id = session_id;
  o.cycle_label = to.cycle_label;
  o.kind = kind;
  o.recipient_enc = seal(cycle_key, to.email, ad_for(to.cycle_label, "outbox.recipient"));
  o.mime_enc = seal(cycle_key, mime, ad_for(to.cycle_label, "outbox.mime"));
  o.uid = mail_id;
  o.next_attempt_at = now.time_since_epoch().count();
  o.created_at = o.next_attempt_at;
  return o;
}

mail_fields registration_service::fields_for(const mail_person& to, const series_row& series) const {
  mail_fields f;
  f.language = to.language;
  f.participant_name = to.name;
  f.session_title = series.title.in(to.language);
  f.personal_link = personal_link(to.token);
  auto c = db_.read([&](db_connection& db) { return cycle_named(db, cfg_, to.cycle_label); });
  if (c) f.deletion_date = format_day(brussels_date(purge_due(*c, cfg_.cycle.purge_grace_days)), to.language);
  return f;
}

outbox_row registration_service::render_mail(const mail_person& to, const std::string& cycle_key, const std::string& kind,
                                             const session_row& s, const series_row& series, int waitlist_position,
                                             const std::string& mail_id) const {
  mail_fields f = fields_for(to, series);
  auto starts = sys_seconds{std::chrono::seconds{s.starts_at}};
  auto ends = sys_seconds{std::chrono::seconds{s.ends_at}};
  f.session_when = format_when(starts, ends, to.language);
  // The place (a video link for online sessions) goes only to people who hold a seat.
  bool confirmed_mail = kind == "confirmation" || kind == "promoted" || kind == "reminder" || kind == "session_changed";
  f.place = (s.online && !confirmed_mail) ? std::string("online") : s.place;
  f.waitlist_position = waitlist_position;
  mail_kind mk = kind == "confirmation" ? mail_kind::confirmation
               : kind == "waitlisted" ? mail_kind::waitlisted
               : kind == "promoted" ? mail_kind::promoted
               : kind == "session_changed" ? mail_kind::session_changed
               : kind == "session_cancelled" ? mail_kind::session_cancelled
               : kind == "registration_cancelled" ? mail_kind::registration_cancelled
               : kind == "reminder" ? mail_kind::reminder
               : mail_kind::waitlist_left;
  mail_message m = compose(mk, f);
  // A cancellation removes the event from the calendar (iTIP CANCEL, same UID); the others add or update it.
  bool cancels = kind == "session_cancelled" || kind == "registration_cancelled";
  if (confirmed_mail || cancels) {
    ical_event ev = event_for(s, series, to.language);
    ev.cancelled = cancels;
    const char* method = cancels ? "CANCEL" : "PUBLISH";
    m.attachments.push_back({"intervision.ics", fmt::format("text/calendar; method={}; charset=utf-8", method), render_single_event(ev, method)});
  }
  return seal_mail(to, cycle_key, kind, s.id, std::move(m), mail_id);
}

outbox_row registration_service::render_series_mail(const mail_person& to, const std::string& cycle_key, const series_row& series,
                                                    const std::vector<std::pair<session_row, registration_item>>& items,
                                                    const std::string& mail_id) const {
  mail_fields f = fields_for(to, series);
  std::vector<ical_event> events;
  for (const auto& [s, item] : items) {
    auto when = format_when(sys_seconds{std::chrono::seconds{s.starts_at}}, sys_seconds{std::chrono::seconds{s.ends_at}}, to.language);
    f.items.push_back({when, item.status == "confirmed", item.waitlist_position});
    ical_event ev = event_for(s, series, to.language);
    ev.tentative = item.status != "confirmed";
    events.push_back(std::move(ev));
  }
  mail_message m = compose(mail_kind::series_registration, f);
  m.attachments.push_back({"intervision.ics", "text/calendar; method=PUBLISH; charset=utf-8", render_events(events, "PUBLISH")});
  return seal_mail(to, cycle_key, "series_registration", items.front().first.id, std::move(m), mail_id);
}

registration_service::mail_person registration_service::person_of(const participant_row& p) const {
  return {p.cycle_label, p.language, open_field(p, p.name_enc, "name"), open_field(p, p.email_enc, "email"), open_field(p, p.token_enc, "token")};
}

bool registration_service::enqueue_mail(db_connection& db, const participant_row& p, const std::string& kind, const session_row& s,
                                        const series_row& series, int waitlist_position, std::int64_t occasion) {
  auto key = keys_->find(p.cycle_label);
  if (!key) return false;  // cycle purged: nobody left to tell
  auto email = open_field(p, p.email_enc, "email");
  if (email.empty() || email.ends_with("@walk-in.invalid")) return false;  // a walk-in who gave no address
  mail_person to{p.cycle_label, p.language, open_field(p, p.name_enc, "name"), std::move(email), open_field(p, p.token_enc, "token")};
  auto o = render_mail(to, *key, kind, s, series, waitlist_position, mail_id(kind, p.token_hash, s.id, occasion));
  o.participant_id = p.id;
  insert_outbox(db, o);
  return true;
}

namespace {

// The mail rendered before the write job still says the truth about the session and series.
bool same_for_mail(const session_row& a, const session_row& b, const series_row& sa, const series_row& sb, const std::string& language) {
  return a.id == b.id && a.starts_at == b.starts_at && a.ends_at == b.ends_at && a.place == b.place && a.online == b.online &&
         a.sequence == b.sequence && sa.title.in(language) == sb.title.in(language);
}

}  // namespace

namespace {

// A new participant of the cycle, every personal field sealed with the cycle's key.
// The email and token arrive hashed with the keyed hash (registration_service's).
participant_row sealed_participant(const registration_input& input, const std::string& cycle_label, const std::string& cycle_key,
                                   const std::string& token, const std::string& hashed_email, const std::string& hashed_token,
                                   std::int64_t now_s, const std::string& privacy_version) {
  participant_row p;
  p.cycle_label = cycle_label;
  p.email_hash = hashed_email;
  p.token_hash = hashed_token;
  p.token_enc = seal(cycle_key, token, ad_for(cycle_label, "token"));
  p.name_enc = seal(cycle_key, input.name, ad_for(cycle_label, "name"));
  p.email_enc = seal(cycle_key, input.email, ad_for(cycle_label, "email"));
  if (!input.phone.empty()) p.phone_enc = seal(cycle_key, input.phone, ad_for(cycle_label, "phone"));
  p.organisation_enc = seal(cycle_key, input.organisation, ad_for(cycle_label, "organisation"));
  p.sector = input.sector;
  p.role = input.role;
  p.language = input.language;
  p.consent_at = now_s;
  p.privacy_version = privacy_version;
  p.created_at = now_s;
  return p;
}

}  // namespace

void registration_service::register_for(std::int64_t session_id, raw_registration raw, bool all_remaining, done_fn done,
                                        const std::string& client_address) {
  std::vector<std::string> sectors;
  for (const auto& s : cfg_.sectors) sectors.push_back(s.id);
  auto valid = validate_registration(raw, registration_rules{sectors});
  if (!valid) return done(valid.error());
  auto input = std::move(valid.value());

  auto now = clock_.now();
  auto now_s = now.time_since_epoch().count();
  if (auto refused = over_limit(input.email, client_address, now_s)) return done(*refused);
  // Checks that need no lock: the session exists, is open, and the person may join the series.
  auto [session, series] = db_.read([&](db_connection& db) {
    auto s = find_session(db, session_id);
    std::optional<series_row> sr;
    if (s) sr = find_series(db, s->series_slug);
    return std::make_pair(s, sr);
  });
  if (!session || !series) return done(status(status_code::not_found, "No such session."));
  if (auto closed = registration_refusal(*session, now_s); !closed) return done(closed);
  if (auto fits = audience_check(*series, input.role, input.sector); !fits) return done(fits);
  auto key = keys_->key_for(session->cycle_label);
  if (!key) return done(status(status_code::internal, "no key for the cycle"));
  auto c = db_.read([&](db_connection& db) { return cycle_named(db, cfg_, session->cycle_label); });
  if (!c) return done(status(status_code::internal, "bad cycle"));

  std::string token = random_token(32);
  std::string cycle_key = *key;
  auto outcome = std::make_shared<registration_outcome>();
  outcome->deletion_date = format_date(brussels_date(purge_due(*c, cfg_.cycle.purge_grace_days)));
  outcome->privacy_version = cfg_.cycle.privacy_version;

  // Hashing, sealing and the likely confirmation mail are done here, on the worker thread, so
  // the one writer thread spends its time on the database only. The job uses them when the
  // person is new to the cycle and gets a seat in a session unchanged since it was read here.
  const std::string& cycle_label = session->cycle_label;
  auto fresh = std::make_shared<participant_row>(
      sealed_participant(input, cycle_label, cycle_key, token, email_hash(input.email), token_hash(token), now_s, cfg_.cycle.privacy_version));
  auto likely_mail = std::make_shared<std::optional<outbox_row>>(
      render_mail(mail_person{cycle_label, input.language, input.name, input.email, token}, cycle_key, "confirmation", *session, *series, 0,
                  mail_id("confirmation", fresh->token_hash, session->id, now_s)));

  auto [source_narrow, source_wide] = network_hashes(client_address);
  db_.submit(
      [this, session_id, all_remaining, now_s, outcome, fresh, likely_mail, read_session = *session, read_series = *series,
       source_narrow = source_narrow, source_wide = source_wide,
       cycle_label = session->cycle_label, series_slug = session->series_slug](db_connection& db) {
        auto series = find_series(db, series_slug);
        auto first = find_session(db, session_id);
        if (!series || !first) throw job_refusal{status(status_code::not_found, "No such session.")};
        if (!registration_open(*first, now_s))
          throw job_refusal{status(status_code::gone, "Registration for this session has closed.")};
        auto p = find_participant_by_email(db, cycle_label, fresh->email_hash);
        bool is_new = !p;
        if (is_new) {
          participant_row np = *fresh;
          np.id = insert_participant(db, np);
          p = np;
        }
        std::vector<session_row> targets{*first};
        std::vector<std::pair<session_row, registration_item>> made;  // all_remaining: what this call registered
        if (all_remaining) {
          session_filter f;
          f.series = series_slug;
          f.cycle = cycle_label;
          f.from = first->starts_at + 1;
          for (auto& s : list_sessions(db, f))
            if (registration_open(s, now_s)) targets.push_back(s);
        }
        for (const auto& s : targets) {
          auto existing = find_registration_for(db, p->id, s.id);
          if (existing && existing->status != registration_status::cancelled) {
            if (s.id == session_id) throw job_refusal{status(status_code::conflict, "This email address is already registered for this session.")};
            continue;  // already in one of the later sessions: keep that registration as it is
          }
          auto st = seat_or_waitlist(count_confirmed(db, s.id), s.capacity);
          std::int64_t rid;
          if (existing) {
            set_registration_status(db, existing->id, st, now_s, now_s);
            rid = existing->id;
          } else {
            registration_row r;
            r.participant_id = p->id;
            r.session_id = s.id;
            r.status = st;
            r.queued_at = now_s;
            r.created_at = r.updated_at = now_s;
            r.source_narrow = source_narrow;
            r.source_wide = source_wide;
            rid = insert_registration(db, r);
          }
          bump_count(db, s.id, p->sector, p->role, st == registration_status::confirmed ? "registered" : "waitlisted", 1);
          int position = st == registration_status::waitlisted ? waitlist_position(db, s.id, rid) : 0;
          outcome->items.push_back({s.id, rid, std::string(to_string(st)), position});
          if (all_remaining) {
            made.emplace_back(s, outcome->items.back());
            continue;  // one mail for the lot, below
          }
          if (is_new && st == registration_status::confirmed && *likely_mail && same_for_mail(s, read_session, *series, read_series, p->language)) {
            (*likely_mail)->participant_id = p->id;
            insert_outbox(db, **likely_mail);
            likely_mail->reset();  // used once
          } else {
            enqueue_mail(db, *p, st == registration_status::confirmed ? "confirmation" : "waitlisted", s, *series, position, now_s);
          }
        }
        mail_registrations(db, *p, *series, made, now_s);
      },
      [done, outcome](std::exception_ptr e) {
        if (auto s = outcome_of(e, "registration failed"); !s) return done(s);
        done(*outcome);
      });
}

void registration_service::mail_registrations(db_connection& db, const participant_row& p, const series_row& series,
                                              const std::vector<std::pair<session_row, registration_item>>& made, std::int64_t now_s) {
  if (made.size() == 1) {
    const auto& [s, item] = made.front();
    enqueue_mail(db, p, item.status == "confirmed" ? "confirmation" : "waitlisted", s, series, item.waitlist_position, now_s);
  } else if (!made.empty()) {
    auto to = person_of(p);
    if (auto key = keys_->find(p.cycle_label); key && !to.email.empty() && !to.email.ends_with("@walk-in.invalid")) {
      auto o = render_series_mail(to, *key, series, made,
                                  mail_id("series_registration", p.token_hash, made.front().first.id, now_s));
      o.participant_id = p.id;
      insert_outbox(db, o);
    }
  }
}

result<participant_view> registration_service::me(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return status(status_code::unauthorized, "This link is not valid or has expired.");
  auto th = token_hash(token);
  return db_.read([&](db_connection& db) -> result<participant_view> {
    auto p = find_participant_by_token(db, th);
    if (!p || !keys_->find(p->cycle_label)) return status(status_code::unauthorized, "This link is not valid or has expired.");
    participant_view v;
    v.id = p->id;
    v.name = open_field(*p, p->name_enc, "name");
    v.email = open_field(*p, p->email_enc, "email");
    v.phone = open_field(*p, p->phone_enc, "phone");
    v.organisation = open_field(*p, p->organisation_enc, "organisation");
    v.sector = p->sector;
    v.role = p->role;
    v.language = p->language;
    v.cycle = p->cycle_label;
    v.consent_at = p->consent_at;
    v.privacy_version = p->privacy_version;
    if (auto c = cycle_named(db, cfg_, p->cycle_label))
      v.deletion_date = format_date(brussels_date(purge_due(*c, cfg_.cycle.purge_grace_days)));
    for (const auto& r : registrations_of(db, p->id)) {
      participant_view::registration reg{r.id, r.session_id, std::string(to_string(r.status)), 0, r.attendance};
      if (r.status == registration_status::waitlisted) reg.waitlist_position = waitlist_position(db, r.session_id, r.id);
      v.registrations.push_back(std::move(reg));
    }
    for (const auto& m : outbox_of(db, p->id)) v.mails.push_back({m.kind, m.status, m.created_at});
    return v;
  });
}

status registration_service::cancel_registration(db_connection& db, std::int64_t participant_id, std::int64_t registration_id) {
  auto r = find_registration(db, registration_id);
  if (!r || r->participant_id != participant_id) return status(status_code::not_found, "No such registration.");
  if (r->status == registration_status::cancelled) return status::ok();
  auto p = find_participant(db, participant_id);
  auto s = find_session(db, r->session_id);
  if (!p || !s) return status(status_code::not_found, "No such registration.");
  if (s->starts_at <= clock_.now().time_since_epoch().count()) return status(status_code::gone, "This session has already taken place.");
  auto now_s = clock_.now().time_since_epoch().count();
  set_registration_status(db, r->id, registration_status::cancelled, r->queued_at, now_s);
  bump_count(db, s->id, p->sector, p->role, r->status == registration_status::confirmed ? "registered" : "waitlisted", -1);
  if (r->status == registration_status::waitlisted) {
    if (auto series = find_series(db, s->series_slug)) enqueue_mail(db, *p, "waitlist_left", *s, *series, 0, r->queued_at);
  }
  if (r->status == registration_status::confirmed) {
    // The event leaves the person's calendar: a mail with an iTIP CANCEL of the same UID.
    if (auto series = find_series(db, s->series_slug)) enqueue_mail(db, *p, "registration_cancelled", *s, *series, 0, r->queued_at);
    promote_waitlisted(db, s->id);
  }
  return status::ok();
}

int registration_service::promote_waitlisted(db_connection& db, std::int64_t session_id) {
  auto s = find_session(db, session_id);
  if (!s || s->state != session_state::scheduled) return 0;
  auto series = find_series(db, s->series_slug);
  if (!series) return 0;
  int promoted = 0;
  auto now_s = clock_.now().time_since_epoch().count();
  if (now_s >= s->starts_at) return 0;  // from its start the roll is who was confirmed then
  while (count_confirmed(db, session_id) < s->capacity) {
    auto w = first_waitlisted(db, session_id);
    if (!w) break;
    auto p = find_participant(db, w->participant_id);
    set_registration_status(db, w->id, registration_status::confirmed, w->queued_at, now_s);
    if (p) {
      bump_count(db, session_id, p->sector, p->role, "waitlisted", -1);
      bump_count(db, session_id, p->sector, p->role, "registered", 1);
      enqueue_mail(db, *p, "promoted", *s, *series, 0, w->queued_at);
    }
    ++promoted;
  }
  return promoted;
}

notified_counts registration_service::notify_session_change(db_connection& db, std::int64_t session_id, bool cancelled) {
  notified_counts n;
  auto s = find_session(db, session_id);
  if (!s) return n;
  auto series = find_series(db, s->series_slug);
  if (!series) return n;
  for (const auto& r : registrations_for_session(db, session_id)) {
    if (r.status == registration_status::cancelled) continue;
    if (!cancelled && r.status != registration_status::confirmed) continue;
    auto p = find_participant(db, r.participant_id);
    if (p && enqueue_mail(db, *p, cancelled ? "session_cancelled" : "session_changed", *s, *series, 0, s->sequence)) {
      ++n.count;
      ++n.languages[p->language];
    }
  }
  return n;
}

int registration_service::queue_reminders(db_connection& db) {
  if (cfg_.mail.reminder_days <= 0) return 0;
  auto now_s = clock_.now().time_since_epoch().count();
  session_filter f;
  f.from = now_s;
  f.to = now_s + static_cast<std::int64_t>(cfg_.mail.reminder_days) * 86400;
  int n = 0;
  for (const auto& s : list_sessions(db, f)) {
    if (s.state != session_state::scheduled) continue;
    auto series = find_series(db, s.series_slug);
    if (!series) continue;
    for (const auto& r : registrations_for_session(db, s.id)) {
      if (r.status != registration_status::confirmed || outbox_has(db, r.participant_id, s.id, "reminder")) continue;
      if (auto p = find_participant(db, r.participant_id)) {
        enqueue_mail(db, *p, "reminder", s, *series, 0, 0);
        ++n;
      }
    }
  }
  return n;
}

void registration_service::cancel(const std::string& token, std::int64_t registration_id, std::function<void(status)> done) {
  auto th = token_hash(token);
  db_.submit(
      [this, th, registration_id](db_connection& db) {
        auto p = find_participant_by_token(db, th);
        if (!p) throw job_refusal{status(status_code::unauthorized, "This link is not valid or has expired.")};
        auto s = cancel_registration(db, p->id, registration_id);
        if (!s) throw job_refusal{s};
      },
      [done](std::exception_ptr e) { done(outcome_of(e, "cancel failed")); });
}

void registration_service::erase_me(const std::string& token, std::function<void(status)> done) {
  auto th = token_hash(token);
  db_.submit(
      [this, th](db_connection& db) {
        auto p = find_participant_by_token(db, th);
        if (!p) throw job_refusal{status(status_code::unauthorized, "This link is not valid or has expired.")};
        if (!ledger_->record_erased(p->cycle_label, p->token_hash))
          throw job_refusal{status(status_code::unavailable, "The erasure could not be recorded; nothing was changed. Try again later.")};
        // Free their seats first so the waiting list moves; the anonymous counts stay as they were
        // (what started sessions counted is tallied before the rows go).
        roll_service::settle(db, clock_.now().time_since_epoch().count());
        deletion_certificate cert;
        cert.at = clock_.now().time_since_epoch().count();
        cert.kind = deletion_kind::erasure_self;
        cert.participants = 1;
        cert.personal_links = p->token_hash.empty() ? 0 : 1;
        cert.mails = static_cast<int>(outbox_of(db, p->id).size());
        std::vector<std::int64_t> freed;
        for (const auto& r : registrations_of(db, p->id)) {
          ++cert.registrations;
          if (r.status == registration_status::confirmed) freed.push_back(r.session_id);
        }
        delete_participant(db, p->id);
        for (auto sid : freed) promote_waitlisted(db, sid);
        record_audit(db, cert.at, std::nullopt, "participant.erased_self", "participant");
        certificate_service::record_in(db, cert);
      },
      [done](std::exception_ptr e) { done(outcome_of(e, "erasure failed")); });
}

result<int> registration_service::cancel_all_of_email(const std::string& email, std::int64_t staff_id) {
  auto eh = email_hash(email);
  auto now = clock_.now().time_since_epoch().count();
  return db_.write([&](db_connection& db) {
    int cancelled = 0;
    for (const auto& p : find_participants_by_email(db, eh))
      for (const auto& r : registrations_of(db, p.id))
        if ((r.status == registration_status::confirmed || r.status == registration_status::waitlisted) && cancel_registration(db, p.id, r.id)) ++cancelled;
    // The count only: the email is the participant's, not the audit's.
    record_audit(db, now, staff_id, "registrations.cancel_all", "registrations", "", std::to_string(cancelled) + " cancelled");
    return cancelled;
  });
}

result<erasure_counts> registration_service::erase_email(const std::string& email, std::optional<std::int64_t> staff_id) {
  auto eh = email_hash(email);
  try {
    auto counts = db_.write([&](db_connection& db) {
      erasure_counts c;
      int links = 0;
      roll_service::settle(db, clock_.now().time_since_epoch().count());
      std::vector<std::int64_t> freed;
      for (const auto& p : find_participants_by_email(db, eh)) {
        if (!ledger_->record_erased(p.cycle_label, p.token_hash))
          throw job_refusal{status(status_code::unavailable, "The erasure could not be recorded; try again later.")};
        for (const auto& r : registrations_of(db, p.id)) {
          ++c.registrations;
          if (r.status == registration_status::confirmed) freed.push_back(r.session_id);
        }
        c.mails += static_cast<int>(outbox_of(db, p.id).size());
        if (!p.token_hash.empty()) ++links;
        delete_participant(db, p.id);
        ++c.participants;
      }
      for (auto sid : freed) promote_waitlisted(db, sid);
      // The person's subscription to the announcements goes too (the ledger first, as above).
      int addresses = 0, announcement_mails = 0;
      if (auto sub = find_subscriber_by_email(db, eh)) {
        if (!ledger_->record_erased("announcements", sub->token_hash))
          throw job_refusal{status(status_code::unavailable, "The erasure could not be recorded; try again later.")};
        announcement_mails = count_subscriber_mails(db, sub->id);
        addresses = delete_subscriber(db, sub->id) ? 1 : 0;
      }
      c.announcement_addresses = addresses;
      // The certificate commits with the delete; it holds the counts, never the address asked for.
      deletion_certificate cert;
      cert.at = clock_.now().time_since_epoch().count();
      cert.kind = deletion_kind::erasure_request;
      cert.staff_id = staff_id;
      cert.participants = c.participants;
      cert.registrations = c.registrations;
      cert.personal_links = links;
      cert.mails = c.mails + announcement_mails;
      cert.announcement_addresses = addresses;
      certificate_service::record_in(db, cert);
      // The trail says that an erasure happened and how much it removed, never whose.
      if (staff_id)
        record_audit(db, cert.at, *staff_id, "participant.erase", "participant", "",
                     std::to_string(c.participants) + " participants, " + std::to_string(c.registrations) + " registrations");
      return c;
    });
    certificate_service(clock_, db_).checkpoint_pending();
    return counts;
  } catch (const job_refusal& r) {
    return r.s;
  }
}

}  // namespace intervision

namespace intervision {

result<std::int64_t> registration_service::add_walk_in(std::int64_t session_id, raw_registration raw, std::int64_t staff_id) {
  std::vector<std::string> sectors;
  for (const auto& s : cfg_.sectors) sectors.push_back(s.id);
  // The email is optional on the spot: a unique placeholder keeps the record keyed.
  bool no_email = !raw.email || raw.email->find_first_not_of(" \t") == std::string::npos;
  if (no_email) raw.email = "walk-in-" + random_token(12) + "@walk-in.invalid";
  auto valid = validate_registration(raw, registration_rules{sectors});
  if (!valid) return valid.error();
  auto input = std::move(valid.value());
  auto session = db_.read([&](db_connection& db) { return find_session(db, session_id); });
  if (!session) return status(status_code::not_found, "No such session.");
  if (session->state == session_state::cancelled) return status(status_code::gone, "This session has been cancelled.");
  if (session->cycle_purged) return status(status_code::gone, "This session's cycle has been purged: it takes no registration.");
  auto key = keys_->key_for(session->cycle_label);
  if (!key) return status(status_code::internal, "no key for the cycle");
  auto now_s = clock_.now().time_since_epoch().count();
  std::string token = random_token(32);
  const std::string& cl = session->cycle_label;
  return db_.write([&](db_connection& db) -> result<std::int64_t> {
    roll_service::settle(db, now_s);  // a walk-in after the start is not one of the start's registered
    auto eh = email_hash(input.email);
    auto p = find_participant_by_email(db, cl, eh);
    if (!p) {
      participant_row np;
      np.cycle_label = cl;
      np.email_hash = eh;
      np.token_hash = token_hash(token);
      np.token_enc = seal(*key, token, ad_for(cl, "token"));
      np.name_enc = seal(*key, input.name, ad_for(cl, "name"));
      np.email_enc = seal(*key, no_email ? std::string() : input.email, ad_for(cl, "email"));
      if (!input.phone.empty()) np.phone_enc = seal(*key, input.phone, ad_for(cl, "phone"));
      np.organisation_enc = seal(*key, input.organisation, ad_for(cl, "organisation"));
      np.sector = input.sector;
      np.role = input.role;
      np.language = input.language;
      np.consent_at = now_s;
      np.privacy_version = cfg_.cycle.privacy_version;
      np.walk_in = true;
      np.created_at = now_s;
      np.id = insert_participant(db, np);
      p = np;
    }
    auto existing = find_registration_for(db, p->id, session_id);
    if (existing && existing->status == registration_status::confirmed) return status(status_code::conflict, "Already on the roll.");
    std::int64_t rid;
    if (existing) {
      if (existing->status == registration_status::waitlisted) bump_count(db, session_id, p->sector, p->role, "waitlisted", -1);
      set_registration_status(db, existing->id, registration_status::confirmed, existing->queued_at, now_s);
      rid = existing->id;
    } else {
      registration_row r;
      r.participant_id = p->id;
      r.session_id = session_id;
      r.status = registration_status::confirmed;
      r.queued_at = now_s;
      r.created_at = r.updated_at = now_s;
      rid = insert_registration(db, r);
    }
    bump_count(db, session_id, p->sector, p->role, "registered", 1);
    bump_count(db, session_id, p->sector, p->role, "present", 1);
    set_attendance(db, rid, std::string("present"), now_s);
    roll_service::count_walk_in(db, session_id, rid, p->id, p->sector, p->role);
    record_audit(db, now_s, staff_id, "roll.walk_in", "registration", std::to_string(rid));
    return rid;
  });
}

}  // namespace intervision
