#include "intervision/services/attestation_service.h"

#include <fmt/format.h>

#include "intervision/domain/attestation.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/crypto.h"
#include "intervision/mail/attestation_pdf.h"
#include "intervision/mail/templates.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/feedback_store.h"
#include "intervision/store/keyring.h"
#include "intervision/store/participant_store.h"

namespace intervision {

namespace {

struct refusal {
  status s;
};

sys_seconds at(std::int64_t s) { return sys_seconds{std::chrono::seconds{s}}; }

}  // namespace

attestation_service::attestation_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys)
    : cfg_(cfg), clock_(clk), db_(db), keys_(std::move(keys)) {}

result<attestation_file> attestation_service::issue(const std::string& token) {
  if (token.size() < 20 || token.size() > 200) return status(status_code::unauthorized, "This link is not valid or has expired.");
  // The personal link's keyed hash, as registration_service::token_hash makes it.
  auto th = keyed_hash(keys_->index_key(), "token:" + token);
  auto now = clock_.now();
  attestation_document doc;
  attestation_record record;
  record.issued_on = format_date(brussels_date(now));
  try {
    db_.write([&](db_connection& db) {
      auto p = find_participant_by_token(db, th);
      auto key = p ? keys_->find(p->cycle_label) : std::nullopt;
      if (!p || !key) throw refusal{status(status_code::unauthorized, "This link is not valid or has expired.")};
      auto lang = p->language;
      auto sessions = present_sessions_of(db, p->id);
      if (sessions.empty()) throw refusal{status(status_code::conflict, "You have not been marked present at any session of this cycle yet.")};
      std::vector<attended_session> spans;
      std::string ids;
      for (const auto& s : sessions) {
        spans.push_back({s.starts_at, s.ends_at});
        ids += std::to_string(s.session_id) + ",";
        auto series = find_series(db, s.series_slug);
        doc.lines.push_back({format_day(brussels_date(at(s.starts_at)), lang), series ? series->title.in(lang) : s.series_slug,
                             format_duration(attended_minutes({{s.starts_at, s.ends_at}}), lang)});
      }
      record.cycle_label = p->cycle_label;
      record.minutes = attended_minutes(spans);
      record.sessions = static_cast<int>(sessions.size());
      record.code = verification_code_from_hex(
          keyed_hash(keys_->index_key(), fmt::format("attestation:{}:{}:{}", th, record.issued_on, ids)));
      record_attestation(db, record);
      doc.language = lang;
      doc.participant_name = open(*key, p->name_enc, p->cycle_label + ":name").value_or("");
      doc.cycle_label = p->cycle_label;
    });
  } catch (const refusal& r) {
    return r.s;
  }
  doc.organisation_name = cfg_.organisation.name;
  doc.organisation_address = cfg_.organisation.address;
  doc.total = format_duration(record.minutes, doc.language);
  doc.issued_on = format_day(brussels_date(now), doc.language);
  doc.code = format_verification_code(record.code);
  auto pdf = render_attestation_pdf(doc);
  if (pdf.empty()) return status(status_code::internal, "The attestation could not be drawn.");
  return attestation_file{std::move(pdf), "attestation-" + record.cycle_label + ".pdf", record.code};
}

result<attestation_record> attestation_service::check(const std::string& typed_code) {
  auto code = normalise_verification_code(typed_code);
  if (!code) return status::invalid({{"code", "invalid_format"}}, "A verification code has 10 letters and digits (ABCDE-FGHJK).");
  auto found = db_.read([&](db_connection& db) { return find_attestation(db, *code); });
  if (!found) return status(status_code::not_found, "No attestation was issued with this code.");
  return *found;
}

}  // namespace intervision
