// feedback_service: anonymous feedback after a held session.
//
// When a session is held, everyone marked present gets one mail (queue_mails, run by the
// background round after the roll settles) with a one-time link valid cfg.feedback.link_days.
// The link's token is kept only as a keyed hash beside its session, never beside a person.
// answer() stores the answers with the session only (the free comments anonymised first, with
// the session's names and the staff's as known names) and uses the token in the same
// transaction: a token answers once. report() sums a cycle's answers per series and per
// quarter, counting only sessions with at least feedback_minimum_answers answers.
//
// Thread: any; every call runs its own transaction on the pool but queue_mails(db), which runs
// inside the caller's write.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/clock.h"
#include "intervision/domain/feedback.h"
#include "intervision/domain/labels.h"
#include "intervision/domain/status.h"
#include "intervision/store/connection.h"

namespace intervision {

class db_pool;
class keyring;

struct feedback_form_view {
  std::int64_t session_id = 0;
  std::string series_slug;
  labels series_title;
  std::int64_t starts_at = 0, ends_at = 0;
};

struct feedback_group {
  std::string key;  // series slug, or "Q1".."Q4"
  labels title;     // the series' title (series only)
  feedback_summary summary;
};

struct feedback_report {
  std::string cycle;
  int minimum = feedback_minimum_answers;
  feedback_summary total;
  std::vector<feedback_group> series, quarters;  // quarters hold no comment
};

class feedback_service {
 public:
  feedback_service(const config& cfg, const clock& clk, db_pool& db, std::shared_ptr<keyring> keys);

  // Queues the feedback mail of every present registration of a session held within the last
  // link_days that has not had one, and forgets expired tokens. Returns the mails queued.
  int queue_mails(db_connection& db);
  int queue_mails();  // the same in its own transaction

  // The session a token asks about: 404 unknown (or purged), 410 expired, 409 already used.
  result<feedback_form_view> form(const std::string& token);
  // Validates (422), anonymises the comments and stores the answers, using the token once:
  // 404, 410, 409 as form().
  status answer(const std::string& token, const std::multimap<std::string, std::string>& fields);

  result<feedback_report> report(const std::string& cycle);

  const std::vector<feedback_question>& questions() const { return cfg_.feedback.questions; }
  std::string link(const std::string& token) const;

 private:
  std::string token_hash(const std::string& token) const;
  std::vector<std::string> known_names(db_connection& db, std::int64_t session_id) const;

  const config& cfg_;
  const clock& clock_;
  db_pool& db_;
  std::shared_ptr<keyring> keys_;
};

}  // namespace intervision
