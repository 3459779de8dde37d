// announcement_store: the SQL of the announcements processing (migration 7): the subscribers
// (address and token sealed by the caller, keyed hashes for look-ups, the language, when the
// request was made, confirmed and last served) and one row per announcement sent for a cycle.
// Every function runs on the connection it is given, inside the caller's transaction if any.
// Deleting a subscriber deletes their queued or sent announcement mails too (ON DELETE CASCADE).
// Errors: every function throws SQLite::Exception when the database fails (disk full, busy past
// the timeout, a broken file); a row that is not there is an empty optional or list, never a throw.
// Services call them inside db_pool jobs (a throw rolls the job back) and let the exception through:
// the server's one handler of the unexpected answers 500 without detail.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace intervision {

struct subscriber_row {
  std::int64_t id = 0;
  std::string email_hash, token_hash, email_enc, token_enc, language, privacy_version;
  std::int64_t requested_at = 0;
  std::optional<std::int64_t> confirmed_at, last_sent_at;
};

struct announcement_send_row {
  std::int64_t id = 0;
  std::string cycle;
  std::int64_t sent_at = 0;
  std::optional<std::int64_t> staff_id;
  int recipients = 0;
};

std::optional<subscriber_row> find_subscriber_by_email(SQLite::Database& db, const std::string& email_hash);
std::optional<subscriber_row> find_subscriber_by_token(SQLite::Database& db, const std::string& token_hash);
std::int64_t insert_subscriber(SQLite::Database& db, const subscriber_row& s);
// A pending request asked again: new token, language and request time (the old link stops working).
void renew_subscriber_request(SQLite::Database& db, const subscriber_row& s);
void confirm_subscriber(SQLite::Database& db, std::int64_t id, std::int64_t at);
// Removes one subscriber (and their mails); true when there was one.
bool delete_subscriber(SQLite::Database& db, std::int64_t id);
// Removes the subscriber of this address, if any; returns how many went (0 or 1).
int delete_subscriber_by_email(SQLite::Database& db, const std::string& email_hash);
// Removes the subscribers whose token hash is listed (the ledger's withdrawals); returns how many.
int delete_subscribers_by_token(SQLite::Database& db, const std::vector<std::string>& token_hashes);
// What an expiry removed: subscribers and their mails.
struct subscriber_removal {
  int addresses = 0, mails = 0;
};
// Removes the requests never confirmed and made before `unconfirmed_before`, and the confirmed
// subscriptions last served (or, never served, confirmed) before `lapsed_before`.
subscriber_removal expire_subscribers(SQLite::Database& db, std::int64_t unconfirmed_before, std::int64_t lapsed_before);
// Mails (queued or sent) in the outbox for this subscriber.
int count_subscriber_mails(SQLite::Database& db, std::int64_t id);
std::vector<subscriber_row> confirmed_subscribers(SQLite::Database& db);
void mark_subscribers_served(SQLite::Database& db, std::int64_t at);  // every confirmed one
// language -> confirmed subscribers; and pending requests under "pending".
std::map<std::string, int> count_subscribers(SQLite::Database& db);

// One announcement mail in the outbox, under cycle_label 'announcements', tied to its subscriber.
struct announcement_mail_row {
  std::int64_t subscriber_id = 0;
  std::string kind, recipient_enc, mime_enc, uid;
  std::int64_t at = 0;
};
void insert_announcement_mail(SQLite::Database& db, const announcement_mail_row& m);

std::optional<announcement_send_row> find_announcement_send(SQLite::Database& db, const std::string& cycle);
std::optional<announcement_send_row> last_announcement_send(SQLite::Database& db);
void insert_announcement_send(SQLite::Database& db, const announcement_send_row& s);

}  // namespace intervision
