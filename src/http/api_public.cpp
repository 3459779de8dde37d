#include <map>
#include <mutex>

#include "api_internal.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/ical.h"
#include "intervision/http/static_files.h"
#include "intervision/services/catalogue_service.h"

namespace intervision {

namespace json = boost::json;

json::object labels_json(const labels& l) { return {{"fr", l.fr}, {"nl", l.nl}, {"en", l.en}}; }

json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object audience_json(const series_row& s) {
  return {{"roles", strings_json(s.roles)}, {"sectors", strings_json(s.sectors)}};
}

std::int64_t now_seconds(const api_context& ctx) { return ctx.clk->now().time_since_epoch().count(); }

std::optional<std::int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

json::object session_json(const session_row& s, const series_row* series, std::int64_t now, bool reveal_place) {
  auto t = [](std::int64_t v) { return format_iso8601(sys_seconds{std::chrono::seconds{v}}); };
  json::object o;
  o["id"] = s.id;
  o["series"] = s.series_slug;
  if (series) {
    o["title"] = labels_json(series->title);
    o["audience"] = audience_json(*series);
  }
  o["starts_at"] = t(s.starts_at);
  o["ends_at"] = t(s.ends_at);
  o["place"] = (s.online && !reveal_place) ? std::string("online") : s.place;
  o["online"] = s.online;
  o["capacity"] = s.capacity;
  o["seats_left"] = std::max(0, s.capacity - s.confirmed);
  o["waitlist"] = s.waitlisted;
  o["state"] = to_string(s.state);
  o["ended"] = now >= s.ends_at;
  // Staff see an ended session that is neither held nor cancelled as missing its roll.
  if (reveal_place) o["roll_missing"] = s.state == session_state::scheduled && now >= s.ends_at;
  o["registration_open"] = registration_open(s, now);
  o["registration_closes_at"] = t(registration_closes_at(s));
  o["cycle"] = s.cycle_label;
  return o;
}

namespace {

// Rendered session listings, reused while nothing was written and the minute is the same
// (registration_open depends on the time), with their compressed forms, each made once per entry
// (a hit is answered on the I/O thread: it must not compress). Bounded: cleared when it grows
// past max_entries.
class listing_cache {
 public:
  struct hit {
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> encoded;  // body in `coding`, when asked and worth it
  };
  hit find(const std::string& key, std::uint64_t generation, std::int64_t minute, const std::string& coding) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != generation || it->second.minute != minute) return {};
    auto& e = it->second;
    if (coding.empty() || e.body->size() <= 256) return {e.body, nullptr};
    auto& packed = e.encoded[coding];
    if (!packed) packed = encode_body(*e.body, coding);
    return {e.body, packed};
  }
  void store(const std::string& key, std::uint64_t generation, std::int64_t minute, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries) entries_.clear();
    entries_[key] = {generation, minute, std::move(body), {}};
  }

 private:
  static constexpr std::size_t max_entries = 256;
  struct entry {
    std::uint64_t generation;
    std::int64_t minute;
    std::shared_ptr<const std::string> body;
    std::map<std::string, std::shared_ptr<const std::string>> encoded;  // "br", "gzip"
  };
  std::mutex mutex_;
  std::map<std::string, entry> entries_;
};

}  // namespace

void add_public_routes(router& r, std::shared_ptr<api_context> ctx) {
  auto cache = std::make_shared<listing_cache>();
  r.add("GET", "/api/v1/cycles/current", [ctx](const http_request&, const route_params&, responder respond) {
    auto c = ctx->catalogue->current_cycle();
    respond(json_response(json::object{{"label", c.label},
                                       {"first_day", format_date(c.first_day)},
                                       {"last_day", format_date(c.last_day)},
                                       {"deletion_date", format_date(brussels_date(purge_due(c, ctx->cfg->cycle.purge_grace_days)))},
                                       {"privacy_version", ctx->cfg->cycle.privacy_version}}));
  });

  // A listing already rendered for this query, with nothing written since and in the same
  // minute, is answered on the I/O thread without a trip to the worker pool.
  auto cached = [cache](const http_request& req, std::uint64_t generation, std::int64_t minute) -> std::optional<http_response> {
    const auto coding = preferred_encoding(req);
    auto found = cache->find(req.query, generation, minute, coding);
    if (!found.body) return std::nullopt;
    http_response res;
    if (found.encoded) use_encoded_body(res, coding, std::move(found.encoded));
    else res.shared_body = std::move(found.body);
    return res;
  };
  r.add_inline("/api/v1/sessions", [ctx, cached](const http_request& req) {
    return cached(req, ctx->catalogue->generation(), now_seconds(*ctx) / 60);
  });
  r.add("GET", "/api/v1/sessions", [ctx, cache, cached](const http_request& req, const route_params&, responder respond) {
    // The generation is read before the database, so a write landing in between only makes
    // the stored entry stale-by-generation, never a stale answer served as fresh.
    auto generation = ctx->catalogue->generation();
    std::int64_t minute = now_seconds(*ctx) / 60;
    if (auto res = cached(req, generation, minute)) return respond(std::move(*res));
    session_filter f;
    std::map<std::string, std::string> errors;
    auto day_start = [&](const char* name) -> std::optional<std::int64_t> {
      auto v = req.query_param(name);
      if (!v) return std::nullopt;
      auto d = parse_date(*v);
      if (!d) {
        errors[name] = "invalid_date";
        return std::nullopt;
      }
      return brussels_to_utc(date::local_seconds{date::local_days{*d}}).time_since_epoch().count();
    };
    auto from = day_start("from");
    auto to = day_start("to");
    if (auto series = req.query_param("series")) f.series = *series;
    if (auto cycle = req.query_param("cycle")) f.cycle = *cycle;
    if (!errors.empty()) return respond(problem(422, "Some query parameters are invalid.", errors));
    std::int64_t now = now_seconds(*ctx);
    // "to" is inclusive of its whole day.
    f.from = from ? *from : (f.cycle ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{now - 86400});
    if (to) f.to = *to + 86400 + 3600;
    if (from && to && *to < *from) return respond(problem(422, "'to' is before 'from'.", {{"to", "invalid"}}));
    auto [rows, series] = ctx->catalogue->sessions(f);
    if (f.series && std::none_of(series.begin(), series.end(), [&](const series_row& s) { return s.slug == *f.series; }))
      return respond(problem(404, "No such series.", {{"series", "unknown_value"}}));
    std::map<std::string, const series_row*> by_slug;
    for (const auto& s : series) by_slug[s.slug] = &s;
    json::array out;
    for (const auto& s : rows) out.push_back(session_json(s, by_slug[s.series_slug], now, false));
    auto res = json_response(out);
    auto body = std::make_shared<const std::string>(std::move(res.body));
    res.body.clear();
    res.shared_body = body;
    cache->store(req.query, generation, minute, std::move(body));
    respond(std::move(res));
  });

  r.add("GET", "/api/v1/sessions/{id}", [ctx](const http_request&, const route_params& p, responder respond) {
    auto id = parse_id(p.at("id"));
    if (!id) return respond(problem(404, "No such session."));
    auto found = ctx->catalogue->session(*id);
    if (!found) return respond(problem(404, "No such session."));
    respond(json_response(session_json(found->session, found->series ? &*found->series : nullptr, now_seconds(*ctx), false)));
  });
}

}  // namespace intervision


namespace intervision {

void add_calendar_routes(router& r, std::shared_ptr<api_context> ctx) {
  r.add("GET", "/calendar/{feed}", [ctx](const http_request& req, const route_params& p, responder respond) {
    const auto& feed = p.at("feed");
    if (feed.size() < 5 || !feed.ends_with(".ics")) return respond(problem(404, "No such calendar."));
    std::string slug = feed.substr(0, feed.size() - 4);
    session_filter f;
    if (slug != "all") f.series = slug;
    auto [sessions, series] = ctx->catalogue->sessions(f);
    std::map<std::string, const series_row*> by_slug;
    for (const auto& s : series) by_slug[s.slug] = &s;
    if (slug != "all" && !by_slug.count(slug)) return respond(problem(404, "No such calendar."));
    // Titles in the reader's language when asked (?lang=nl), French otherwise.
    std::string lang = req.query_param("lang").value_or("fr");
    if (lang != "fr" && lang != "nl" && lang != "en") lang = "fr";
    const std::string host = host_of_url(ctx->cfg->server.public_url);
    const auto organizer = split_mailbox(ctx->cfg->mail.from);
    std::vector<ical_event> events;
    for (const auto& s : sessions) {
      const series_row* sr = by_slug[s.series_slug];
      ical_event e;
      e.uid = session_uid(s.id, host);
      e.url = session_page_url(ctx->cfg->server.public_url, s.id, lang);
      e.organizer_name = organizer.first;
      e.organizer_email = organizer.second;
      e.sequence = s.sequence;
      e.starts_at = sys_seconds{std::chrono::seconds{s.starts_at}};
      e.ends_at = sys_seconds{std::chrono::seconds{s.ends_at}};
      e.stamp = sys_seconds{std::chrono::seconds{s.updated_at}};
      e.summary = sr ? sr->title.in(lang) : s.series_slug;
      // Only public information: an online session's link is for confirmed participants.
      e.location = s.online ? std::string("online") : s.place;
      e.cancelled = s.state == session_state::cancelled;
      events.push_back(std::move(e));
    }
    std::string name = slug == "all" ? std::string("Intervisions Smes") : (by_slug[slug]->title.in(lang));
    http_response res;
    res.content_type = "text/calendar; charset=utf-8";
    res.body = render_calendar(events, name);
    res.set("Cache-Control", "public, max-age=300");
    res.set("Content-Disposition", "inline; filename=\"" + slug + ".ics\"");
    respond(std::move(res));
  });
}

}  // namespace intervision
