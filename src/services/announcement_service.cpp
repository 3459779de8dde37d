#include "intervision/services/announcement_service.h"

#include <fmt/format.h>

#include "intervision/domain/crypto.h"
#include "intervision/domain/deletion_certificate.h"
#include "intervision/domain/ical.h"
#include "intervision/domain/login_throttle.h"
#include "intervision/domain/registration_input.h"
#include "intervision/mail/announcement_templates.h"
#include "intervision/mail/templates.h"
#include "intervision/services/certificate_service.h"
#include "intervision/store/announcement_store.h"
#include "intervision/store/audit_store.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/keyring.h"
#include "intervision/store/privacy_ledger.h"
#include "intervision/store/session_store.h"

namespace intervision {

namespace {

// Thrown inside a write job to roll it back with a status for the caller.
struct refusal {
  status s;
};

std::string ad(const char* field) { return std::string(announcement_service::key_label) + ":" + field; }

constexpr const char* languages[] = {"fr", "nl", "en"};

// The cycle's series with sessions to come: titles in `language`, count, first date.
std::vector<announcement_series_line> series_lines(const std::vector<series_row>& series, const std::vector<session_row>& sessions,
                                                   const std::string& language) {
  std::vector<announcement_series_line> out;
  for (const auto& sr : series) {
    announcement_series_line line;
    line.title = sr.title.in(language);
    for (const auto& s : sessions) {
      if (s.series_slug != sr.slug || s.state != session_state::scheduled) continue;
      if (line.sessions++ == 0)
        line.first_when = format_when(sys_seconds{std::chrono::seconds{s.starts_at}}, sys_seconds{std::chrono::seconds{s.ends_at}}, language);
    }
    if (line.sessions > 0) out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

announcement_service::announcement_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys,
                                           std::shared_ptr<privacy_ledger> ledger)
    : cfg_(cfg),
      clock_(clk),
      db_(db),
      keys_(std::move(keys)),
      ledger_(std::move(ledger)),
      per_address_(cfg.security.registrations_per_address_hour, 3600),
      per_email_(3, 3600) {}

announcement_policy announcement_service::policy() const { return {cfg_.announcements.confirm_days, cfg_.announcements.retention_days}; }

std::string announcement_service::email_hash(const std::string& email) const {
  // The same keyed hash as a registration's, so an erasure on request finds the subscription.
  return keyed_hash(keys_->index_key(), "email:" + normalise_email(email));
}

std::string announcement_service::token_hash(const std::string& token) const {
  return keyed_hash(keys_->index_key(), "announcement-token:" + token);
}

std::string announcement_service::link(const std::string& path, const std::string& token) const {
  auto base = cfg_.server.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path + "?token=" + token;
}

std::int64_t announcement_service::retry_after_seconds(const std::string& client_address) {
  auto now = clock_.now().time_since_epoch().count();
  if (client_address.empty()) return 1;
  return std::max<std::int64_t>(1, per_address_.wait(keyed_hash(keys_->index_key(), "ann-address:" + throttle_address(client_address)), now));
}

result<announcement_service::write_job> announcement_service::prepare_request(const std::optional<std::string>& email,
                                                                             const std::optional<std::string>& language, bool consent,
                                                                             const std::string& client_address) {
  auto checked = validate_announcement_request(email, language, consent);
  if (!checked) return checked.error();
  auto now = clock_.now().time_since_epoch().count();
  if (!client_address.empty() &&
      per_address_.take(keyed_hash(keys_->index_key(), "ann-address:" + throttle_address(client_address)), now) > 0)
    return status(status_code::too_many, "Too many requests at once. Please try again later.");
  auto eh = email_hash(checked->email);
  // A few confirmation mails per address and hour at most: nobody can flood someone's inbox.
  bool may_mail = per_email_.take(eh, now) == 0;
  auto key = keys_->key_for(key_label);
  if (!key) return status(status_code::unavailable, "The request could not be recorded; try again later.");
  return write_job([this, request = *checked, eh, may_mail, key = *key, now](db_connection& db) {
    auto existing = find_subscriber_by_email(db, eh);
    if (existing && existing->confirmed_at) return;  // already subscribed: nothing to do, nothing said
    if (!may_mail) return;
    std::string token = random_token(32);
    subscriber_row s;
    s.email_hash = eh;
    s.token_hash = token_hash(token);
    s.email_enc = seal(key, request.email, ad("email"));
    s.token_enc = seal(key, token, ad("token"));
    s.language = request.language;
    s.privacy_version = cfg_.cycle.privacy_version;
    s.requested_at = now;
    if (existing) {
      s.id = existing->id;
      renew_subscriber_request(db, s);
    } else {
      s.id = insert_subscriber(db, s);
    }
    auto m = compose_announcement_confirmation(s.language, link("/announcements/confirm", token), cfg_.announcements.confirm_days,
                                               cfg_.announcements.retention_days);
    m.to = request.email;
    auto mime = render_mime(m, cfg_.mail.from, fmt::format("<{}@{}>", random_token(16), host_of_url(cfg_.server.public_url)), clock_.now());
    announcement_mail_row row;
    row.subscriber_id = s.id;
    row.kind = "announcement_confirm";
    row.recipient_enc = seal(key, request.email, ad("outbox.recipient"));
    row.mime_enc = seal(key, mime, ad("outbox.mime"));
    row.uid = keyed_hash(keys_->index_key(), "mail:announcement_confirm:" + s.token_hash).substr(0, 32);
    row.at = now;
    insert_announcement_mail(db, row);
  });
}

status announcement_service::request(const std::optional<std::string>& email, const std::optional<std::string>& language, bool consent,
                                     const std::string& client_address) {
  auto job = prepare_request(email, language, consent, client_address);
  if (!job) return job.error();
  try {
    db_.write(*job);
  } catch (const std::exception&) {
    return status(status_code::internal, "The request could not be recorded; try again later.");
  }
  return status::ok();
}

void announcement_service::request_async(const std::optional<std::string>& email, const std::optional<std::string>& language, bool consent,
                                         const std::string& client_address, std::function<void(status)> done) {
  auto job = prepare_request(email, language, consent, client_address);
  if (!job) return done(job.error());
  db_.submit(std::move(*job), [done](std::exception_ptr e) {
    done(e ? status(status_code::internal, "The request could not be recorded; try again later.") : status::ok());
  });
}

status announcement_service::confirm(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return status(status_code::not_found, "This link is not valid or has expired.");
  auto th = token_hash(token);
  auto now = clock_.now().time_since_epoch().count();
  auto p = policy();
  return db_.write([&](db_connection& db) -> status {
    auto s = find_subscriber_by_token(db, th);
    if (!s) return status(status_code::not_found, "This link is not valid or has expired.");
    if (s->confirmed_at) return status::ok();
    if (confirmation_expired(s->requested_at, now, p)) return status(status_code::gone, "This request has expired: ask again.");
    confirm_subscriber(db, s->id, now);
    return status::ok();
  });
}

status announcement_service::withdraw(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return status::ok();
  auto th = token_hash(token);
  auto now = clock_.now().time_since_epoch().count();
  try {
    bool removed = db_.write([&](db_connection& db) {
      auto s = find_subscriber_by_token(db, th);
      if (!s) return false;
      // The ledger first: a restored backup must not bring the subscription back.
      if (!ledger_->record_erased(key_label, th))
        throw refusal{status(status_code::unavailable, "The withdrawal could not be recorded; try again later.")};
      deletion_certificate cert;
      cert.at = now;
      cert.kind = deletion_kind::announcement_withdrawal;
      cert.announcement_addresses = 1;
      cert.mails = count_subscriber_mails(db, s->id);
      delete_subscriber(db, s->id);
      certificate_service::record_in(db, cert);
      return true;
    });
    if (removed) certificate_service(clock_, db_).checkpoint_pending();
  } catch (const refusal& r) {
    return r.s;
  }
  return status::ok();
}

result<announcement_preview> announcement_service::preview(const std::string& cycle) {
  auto now = clock_.now().time_since_epoch().count();
  auto data = db_.read([&](db_connection& db) -> result<std::tuple<announcement_preview, std::vector<series_row>, std::vector<session_row>>> {
    if (!find_cycle(db, cycle)) return status(status_code::not_found, "No such cycle.");
    session_filter f;
    f.from = now;
    f.cycle = cycle;
    auto sessions = list_sessions(db, f);
    announcement_preview p;
    p.cycle = cycle;
    for (const auto& s : sessions)
      if (s.state == session_state::scheduled) ++p.sessions;
    auto counts = count_subscribers(db);
    for (const char* l : languages) {
      p.by_language[l] = counts[l];
      p.recipients += counts[l];
    }
    if (auto sent = find_announcement_send(db, cycle)) p.sent_at = sent->sent_at;
    return std::make_tuple(std::move(p), list_series(db, true), std::move(sessions));
  });
  if (!data) return data.error();
  auto& [p, series, sessions] = *data;
  if (p.sessions == 0) return status(status_code::conflict, "This cycle has no session to come yet: generate its sessions first.");
  for (const char* l : languages) {
    announcement_content c;
    c.language = l;
    c.cycle = cycle;
    c.series = series_lines(series, sessions, l);
    c.sessions_link = cfg_.server.public_url + "/?lang=" + l;
    c.unsubscribe_link = link("/announcements/unsubscribe", "…");
    c.one_click_url = link("/api/v1/announcements/unsubscribe", "…");
    c.retention_days = cfg_.announcements.retention_days;
    p.mails[l] = compose_announcement(c);
  }
  return std::move(p);
}

result<announcement_preview> announcement_service::send(const std::string& cycle, std::int64_t staff_id) {
  auto p = preview(cycle);
  if (!p) return p.error();
  if (p->sent_at) return status(status_code::conflict, "The announcement of this cycle has gone already.");
  auto key = keys_->key_for(key_label);
  if (!key) return status(status_code::unavailable, "The announcement could not be queued; try again later.");
  auto now = clock_.now();
  auto at = now.time_since_epoch().count();
  try {
    int queued = db_.write([&](db_connection& db) {
      if (find_announcement_send(db, cycle)) throw refusal{status(status_code::conflict, "The announcement of this cycle has gone already.")};
      session_filter f;
      f.from = at;
      f.cycle = cycle;
      auto sessions = list_sessions(db, f);
      auto series = list_series(db, true);
      std::map<std::string, std::vector<announcement_series_line>> lines;
      for (const char* l : languages) lines[l] = series_lines(series, sessions, l);
      int n = 0;
      for (const auto& s : confirmed_subscribers(db)) {
        auto email = open(*key, s.email_enc, ad("email"));
        auto token = open(*key, s.token_enc, ad("token"));
        if (!email || !token) continue;
        announcement_content c;
        c.language = s.language;
        c.cycle = cycle;
        c.series = lines[s.language];
        c.sessions_link = cfg_.server.public_url + "/?lang=" + s.language;
        c.unsubscribe_link = link("/announcements/unsubscribe", *token);
        c.one_click_url = link("/api/v1/announcements/unsubscribe", *token);
        c.retention_days = cfg_.announcements.retention_days;
        auto m = compose_announcement(c);
        m.to = *email;
        auto mime = render_mime(m, cfg_.mail.from, fmt::format("<{}@{}>", random_token(16), host_of_url(cfg_.server.public_url)), now);
        announcement_mail_row row;
        row.subscriber_id = s.id;
        row.kind = "announcement";
        row.recipient_enc = seal(*key, *email, ad("outbox.recipient"));
        row.mime_enc = seal(*key, mime, ad("outbox.mime"));
        row.uid = keyed_hash(keys_->index_key(), "mail:announcement:" + cycle + ":" + s.token_hash).substr(0, 32);
        row.at = at;
        insert_announcement_mail(db, row);
        ++n;
      }
      mark_subscribers_served(db, at);
      insert_announcement_send(db, {0, cycle, at, staff_id, n});
      // The count only: the audit holds no address.
      record_audit(db, at, staff_id, "announcements.sent", "cycle", cycle, std::to_string(n) + " recipients");
      return n;
    });
    p->recipients = queued;
    p->sent_at = at;
  } catch (const refusal& r) {
    return r.s;
  }
  return p;
}

int announcement_service::expire() {
  auto now = clock_.now().time_since_epoch().count();
  auto p = policy();
  auto removed = db_.write([&](db_connection& db) {
    auto r = expire_subscribers(db, unconfirmed_cutoff(now, p), lapse_cutoff(now, p));
    if (r.addresses > 0) {
      deletion_certificate cert;
      cert.at = now;
      cert.kind = deletion_kind::announcement_expiry;
      cert.automatic = true;
      cert.announcement_addresses = r.addresses;
      cert.mails = r.mails;
      certificate_service::record_in(db, cert);
    }
    return r.addresses;
  });
  if (removed > 0) certificate_service(clock_, db_).checkpoint_pending();
  return removed;
}

int announcement_service::replay() {
  std::vector<std::string> hashes;
  for (const auto& [label, hash] : ledger_->entries().erased)
    if (label == key_label) hashes.push_back(hash);
  if (hashes.empty()) return 0;
  auto now = clock_.now().time_since_epoch().count();
  int removed = db_.write([&](db_connection& db) {
    int n = delete_subscribers_by_token(db, hashes);
    if (n > 0) {
      deletion_certificate cert;
      cert.at = now;
      cert.kind = deletion_kind::announcement_withdrawal;
      cert.automatic = true;
      cert.announcement_addresses = n;
      certificate_service::record_in(db, cert);
    }
    return n;
  });
  if (removed > 0) certificate_service(clock_, db_).checkpoint_pending();
  return removed;
}

announcement_summary announcement_service::summary() {
  announcement_summary out;
  out.policy = policy();
  db_.read([&](db_connection& db) {
    auto counts = count_subscribers(db);
    for (const char* l : languages) {
      out.by_language[l] = counts[l];
      out.confirmed += counts[l];
    }
    out.pending = counts["pending"];
    if (auto last = last_announcement_send(db)) {
      out.last_cycle = last->cycle;
      out.last_sent_at = last->sent_at;
    }
  });
  return out;
}

}  // namespace intervision
