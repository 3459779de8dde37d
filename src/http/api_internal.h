// Internal to the http layer: the route groups and the helpers they share.
#pragma once

#include <boost/json.hpp>

#include <set>

#include "intervision/domain/records.h"
#include "intervision/domain/registration_input.h"
#include "intervision/domain/session_rules.h"
#include "intervision/http/api.h"
#include "intervision/http/json.h"
#include "intervision/http/problem.h"
#include "intervision/services/auth_service.h"
#include "intervision/services/registration_service.h"

namespace intervision {

void add_public_routes(router& r, std::shared_ptr<api_context> ctx);
void add_calendar_routes(router& r, std::shared_ptr<api_context> ctx);
void add_participant_routes(router& r, std::shared_ptr<api_context> ctx);
// One file per resource: /auth/* in api_auth.cpp; PATCH /sessions/{id} and /staff/sessions in
// api_sessions.cpp; the roll, outcome and walk-ins in api_roll.cpp; /redact and notes in
// api_notes.cpp; cycles, themes and a session's themes in api_catalogue.cpp; staff accounts and
// the audit in api_staff_accounts.cpp; /erasure and /registrations/cancel in api_erasure.cpp.
void add_auth_routes(router& r, std::shared_ptr<api_context> ctx);
void add_session_routes(router& r, std::shared_ptr<api_context> ctx);
void add_roll_routes(router& r, std::shared_ptr<api_context> ctx);
void add_note_routes(router& r, std::shared_ptr<api_context> ctx);
void add_catalogue_routes(router& r, std::shared_ptr<api_context> ctx);
void add_staff_account_routes(router& r, std::shared_ptr<api_context> ctx);
void add_erasure_routes(router& r, std::shared_ptr<api_context> ctx);
// /api/v1/series/{slug} (GET), and for admins POST /series, PUT /series/{slug}, POST
// /series/preview, POST /series/{slug}/generate: in api_series.cpp.
void add_series_routes(router& r, std::shared_ptr<api_context> ctx);
// POST /api/v1/sessions (admin, a one-off session): in api_sessions_admin.cpp.
void add_session_admin_routes(router& r, std::shared_ptr<api_context> ctx);
// /api/v1/privacy, /purge: in api_retention.cpp.
void add_retention_routes(router& r, std::shared_ptr<api_context> ctx);
// /api/v1/reports/{cycle} (JSON and .csv): in api_reports.cpp.
void add_report_routes(router& r, std::shared_ptr<api_context> ctx);
// /api/v1/records (JSON and .csv) and /api/v1/purges: in api_records.cpp.
void add_records_routes(router& r, std::shared_ptr<api_context> ctx);
// /api/v1/announcements...: in api_announcements.cpp; the pages /announcements... (form, confirm,
// unsubscribe, working without JavaScript): in pages_announcements.cpp.
void add_announcement_routes(router& r, std::shared_ptr<api_context> ctx);
void add_announcement_pages(router& r, std::shared_ptr<api_context> ctx);
// fr, nl or en from ?lang=, else Accept-Language, else en (in api_reports.cpp).
std::string request_language(const http_request& req);
// /api/v1/feedback, /me/attestation, /attestations/{code}, /reports/{cycle}/feedback: in api_feedback.cpp.
void add_feedback_routes(router& r, std::shared_ptr<api_context> ctx);
// /feedback (GET the form, POST the answers): the anonymous feedback page, in pages_feedback.cpp.
void add_feedback_pages(router& r, std::shared_ptr<api_context> ctx);
// /sessions, /sessions/{id} (GET, and POST of the plain registration form): pages rendered on the
// server for browsers without JavaScript, in pages_public.cpp.
void add_public_pages(router& r, std::shared_ptr<api_context> ctx);

// The signed-in staff member, or the refusal to send: 401 not signed in, 403 not an admin when
// admin_only, 403 when a state-changing call lacks the session's X-CSRF-Token, 403 for any
// route but the password change, logout and /auth/me while the account must change its password.
struct staff_check {
  std::optional<staff_identity> who;
  std::optional<http_response> refusal;
};
staff_check require_staff(api_context& ctx, const http_request& req, bool admin_only, std::string_view route);

// A route for signed-in staff only (admins only with staff_only::admin): the handler runs with
// who signed in; everyone else gets 401/403 from require_staff, CSRF checked on changes.
enum class staff_only { any, admin };
using staff_handler = std::function<void(const http_request&, const route_params&, staff_identity who, responder)>;
void add_staff_route(router& r, const std::shared_ptr<api_context>& ctx, std::string method, std::string pattern, staff_only level,
                     staff_handler handler);
std::string session_cookie_name(const http_request& req);
// Who signed in, as the services' rules see them (admins run every session).
staff_actor staff_actor_of(const staff_identity& who);

boost::json::object labels_json(const labels& l);
boost::json::array strings_json(const std::vector<std::string>& v);
// {roles, sectors} of a series: who may register ("*" in sectors: every sector).
boost::json::object audience_json(const series_row& s);
// A series with its recurrence fields; admins also get the real place of an online series and
// the usual facilitators.
boost::json::object series_json(const series_row& s, bool admin);

// {count, languages: {fr: n, ...}}: who a session change was mailed to (counts only).
boost::json::object notified_json(const notified_counts& n);

// A session as the public sees it (place "online" for online sessions unless reveal_place).
boost::json::object session_json(const session_row& s, const series_row* series, std::int64_t now, bool reveal_place);
std::int64_t now_seconds(const api_context& ctx);
// The personal-link token of an Authorization: Bearer header, and the 401 (with
// WWW-Authenticate: Bearer) for a missing or unknown one: /me and /me/attestation alike.
std::optional<std::string> bearer_token(const http_request& req);
http_response unauthorized();
// The registration fields of a JSON body as received (type errors recorded in f.errors).
raw_registration raw_registration_from(json_fields& f);
// Parses a positive integer id from a route parameter.
std::optional<std::int64_t> parse_id(const std::string& text);

}  // namespace intervision
