#include "intervision/services/feedback_service.h"

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "intervision/services/scheduling.h"
#include "intervision/domain/anonymiser.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/domain/cycle.h"
#include "intervision/domain/ical.h"
#include "intervision/domain/report.h"
#include "intervision/mail/feedback_mail.h"
#include "intervision/mail/message.h"
#include "intervision/mail/templates.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/feedback_store.h"
#include "intervision/store/keyring.h"
#include "intervision/store/participant_store.h"
#include "intervision/store/session_store.h"
#include "intervision/store/staff_store.h"

namespace intervision {

namespace json = boost::json;

namespace {

// Thrown inside a write job to roll it back with a status for the caller.
struct refusal {
  status s;
};

std::string to_json(const std::vector<feedback_question>& questions, const feedback_answers& answers) {
  json::object o;
  for (const auto& q : questions) {
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    const auto& v = it->second;
    if (v.scale) o[q.id] = *v.scale;
    else if (v.yes) o[q.id] = *v.yes ? "yes" : "no";
    else if (!v.themes.empty()) {
      json::array a;
      for (const auto& t : v.themes) a.emplace_back(t);
      o[q.id] = std::move(a);
    } else if (!v.text.empty()) o[q.id] = v.text;
  }
  return json::serialize(o);
}

feedback_answers from_json(const std::vector<feedback_question>& questions, const std::string& text) {
  feedback_answers out;
  json::error_code ec;
  auto parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return out;
  const auto& o = parsed.as_object();
  for (const auto& q : questions) {
    auto* v = o.if_contains(q.id);
    if (!v) continue;
    feedback_value fv;
    if (q.kind == question_kind::scale && v->is_int64()) fv.scale = static_cast<int>(v->as_int64());
    else if (q.kind == question_kind::yes_no && v->is_string()) fv.yes = v->as_string() == "yes";
    else if (q.kind == question_kind::themes && v->is_array()) {
      for (const auto& t : v->as_array())
        if (t.is_string()) fv.themes.emplace_back(t.as_string());
    } else if (q.kind == question_kind::text && v->is_string()) fv.text = std::string(v->as_string());
    else continue;
    out.emplace(q.id, std::move(fv));
  }
  return out;
}

}  // namespace

feedback_service::feedback_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys)
    : cfg_(cfg), clock_(clk), db_(db), keys_(std::move(keys)) {}

std::string feedback_service::token_hash(const std::string& token) const { return keyed_hash(keys_->index_key(), "feedback:" + token); }

std::string feedback_service::link(const std::string& token) const {
  auto base = cfg_.server.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/feedback?token=" + token;
}

int feedback_service::queue_mails(db_connection& db) {
  auto now = clock_.now();
  auto now_s = now.time_since_epoch().count();
  const std::int64_t valid = static_cast<std::int64_t>(cfg_.feedback.link_days) * 86400;
  delete_expired_feedback_tokens(db, now_s);
  int queued = 0;
  for (const auto& due : feedback_due_rows(db, now_s - valid, now_s)) {
    mark_feedback_mailed(db, due.registration_id);  // once, whether or not a mail can go
    auto p = find_participant(db, due.participant_id);
    auto s = find_session(db, due.session_id);
    if (!p || !s) continue;
    auto series = find_series(db, s->series_slug);
    auto key = keys_->find(p->cycle_label);
    if (!series || !key) continue;
    auto opened = [&](const std::string& sealed, const char* field) {
      return sealed.empty() ? std::string() : open(*key, sealed, p->cycle_label + ":" + field).value_or("");
    };
    auto email = opened(p->email_enc, "email");
    if (email.empty() || email.ends_with("@walk-in.invalid")) continue;  // a walk-in who gave no address
    auto token = random_token(32);
    auto expires = now_s + valid;
    insert_feedback_token(db, token_hash(token), s->id, expires);
    feedback_mail_fields f;
    f.language = p->language;
    f.participant_name = opened(p->name_enc, "name");
    f.session_title = series->title.in(p->language);
    f.session_when = format_day(brussels_date(sys_seconds{std::chrono::seconds{s->starts_at}}), p->language);
    f.link = link(token) + "&lang=" + p->language;  // the page opens in the participant's language
    f.valid_until = format_day(brussels_date(sys_seconds{std::chrono::seconds{expires}}), p->language);
    mail_message m = compose_feedback_request(f);
    m.to = email;
    auto mime = render_mime(m, cfg_.mail.from, fmt::format("<{}@{}>", random_token(16), host_of_url(cfg_.server.public_url)), now);
    outbox_row o;
    o.participant_id = p->id;
    o.session_id = s->id;
    o.cycle_label = p->cycle_label;
    o.kind = "feedback";
    o.recipient_enc = seal(*key, email, p->cycle_label + ":outbox.recipient");
    o.mime_enc = seal(*key, mime, p->cycle_label + ":outbox.mime");
    // The same mail gets the same id (in a restored copy too): the ledger of sent mails knows it.
    o.uid = keyed_hash(keys_->index_key(), fmt::format("mail:feedback:{}:{}:0", p->token_hash, s->id)).substr(0, 32);
    o.next_attempt_at = now_s;
    o.created_at = now_s;
    insert_outbox(db, o);
    ++queued;
  }
  return queued;
}

int feedback_service::queue_mails() {
  return db_.write([&](db_connection& db) { return queue_mails(db); });
}

result<feedback_form_view> feedback_service::form(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return status(status_code::not_found, "This feedback link is not valid.");
  auto th = token_hash(token);
  auto now_s = clock_.now().time_since_epoch().count();
  return db_.read([&](db_connection& db) -> result<feedback_form_view> {
    auto t = find_feedback_token(db, th);
    if (!t) return status(status_code::not_found, "This feedback link is not valid.");
    if (t->used) return status(status_code::conflict, "This feedback link has already been used.");
    if (t->expires_at <= now_s) return status(status_code::gone, "This feedback link has expired.");
    auto s = find_session(db, t->session_id);
    if (!s) return status(status_code::not_found, "This feedback link is not valid.");
    feedback_form_view v;
    v.session_id = s->id;
    v.series_slug = s->series_slug;
    if (auto series = find_series(db, s->series_slug)) v.series_title = series->title;
    v.starts_at = s->starts_at;
    v.ends_at = s->ends_at;
    return v;
  });
}

std::vector<std::string> feedback_service::known_names(db_connection& db, std::int64_t session_id) const {
  std::vector<std::string> names;
  for (const auto& a : list_staff_accounts(db))
    if (!a.name.empty()) names.push_back(a.name);
  for (const auto& r : registrations_for_session(db, session_id)) {
    auto p = find_participant(db, r.participant_id);
    if (!p) continue;
    if (auto key = keys_->find(p->cycle_label))
      if (auto n = open(*key, p->name_enc, p->cycle_label + ":name")) names.push_back(*n);
  }
  return names;
}

status feedback_service::answer(const std::string& token, const std::multimap<std::string, std::string>& fields) {
  auto view = form(token);
  if (!view) return view.error();
  std::vector<std::string> theme_ids;
  for (const auto& t : cfg_.themes) theme_ids.push_back(t.id);
  auto valid = validate_feedback(cfg_.feedback.questions, theme_ids, fields);
  if (!valid) return valid.error();
  auto answers = std::move(valid.value());
  auto names = db_.read([&](db_connection& db) { return known_names(db, view->session_id); });
  // Only the redacted comment goes further: the original stays in this function's memory.
  for (auto& [id, v] : answers)
    if (!v.text.empty()) v.text = redact(v.text, redaction_options{names, {}, ""}).redacted;
  auto stored = to_json(cfg_.feedback.questions, answers);
  auto th = token_hash(token);
  auto now_s = clock_.now().time_since_epoch().count();
  try {
    db_.write([&](db_connection& db) {
      if (!use_feedback_token(db, th, now_s)) throw refusal{status(status_code::conflict, "This feedback link has already been used.")};
      insert_feedback_answer(db, view->session_id, stored);
    });
  } catch (const refusal& r) {
    return r.s;
  }
  return status::ok();
}

result<feedback_report> feedback_service::report(const std::string& cycle_label) {
  auto c = cycle_from_label(cycle_label, cycle_start_of(cfg_));
  if (!c) return status(status_code::not_found, "No such cycle.");
  const auto& qs = cfg_.feedback.questions;
  return db_.read([&](db_connection& db) -> result<feedback_report> {
    std::map<std::int64_t, std::vector<feedback_answers>> by_session;
    for (const auto& a : feedback_answers_of_cycle(db, cycle_label)) by_session[a.session_id].push_back(from_json(qs, a.answers_json));
    std::map<std::string, std::vector<std::vector<feedback_answers>>> series, quarters;
    std::vector<std::vector<feedback_answers>> all;
    session_filter f;
    f.cycle = cycle_label;
    for (const auto& s : list_sessions(db, f)) {
      auto it = by_session.find(s.id);
      if (it == by_session.end()) continue;
      int q = cycle_quarter(*c, brussels_date(sys_seconds{std::chrono::seconds{s.starts_at}}));
      series[s.series_slug].push_back(it->second);
      quarters["Q" + std::to_string(q)].push_back(it->second);
      all.push_back(it->second);
    }
    feedback_report r;
    r.cycle = cycle_label;
    r.total = summarise_feedback(qs, all);
    for (const auto& [slug, sessions] : series) {
      auto sr = find_series(db, slug);
      r.series.push_back({slug, sr ? sr->title : labels{}, summarise_feedback(qs, sessions)});
    }
    for (const auto& [key, sessions] : quarters) {
      feedback_group g{key, {}, summarise_feedback(qs, sessions)};
      for (auto& qsum : g.summary.questions) qsum.texts.clear();  // comments only per series and in total
      r.quarters.push_back(std::move(g));
    }
    return r;
  });
}

}  // namespace intervision
