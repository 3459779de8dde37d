// The session list, a session's page and its registration form rendered on the server in the
// reader's language, for browsers without JavaScript: the start page "/" (web/index.html with
// the list filled in, the same markup public.js renders, so the scripts enhance it in place),
// /sessions (the same list on a page of its own) and /sessions/{id}. The form POSTs application/x-www-form-urlencoded to /sessions/{id} and goes
// through the same registration_service::register_for as the JSON API (same validation, limits
// and audience rule); the answer is a page: the result, or the form again with each error next
// to its field. No CSRF token: the form is anonymous and changes nothing a stranger could abuse
// that the JSON API does not already allow.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "api_internal.h"
#include "intervision/services/registration_service.h"
#include "intervision/services/announcement_service.h"
#include "intervision/domain/brussels_time.h"
#include "intervision/domain/locale_text.h"
#include "intervision/http/page_language.h"
#include "intervision/http/static_files.h"
#include "page_render.h"
#include "intervision/services/catalogue_service.h"

namespace intervision {

namespace {

using form_values = std::map<std::string, std::string>;

std::string when_text(const session_row& s, const std::string& lang) {
  auto a = sys_seconds{std::chrono::seconds{s.starts_at}}, b = sys_seconds{std::chrono::seconds{s.ends_at}};
  return format_long_date(a, lang) + ", " + format_clock_time(a, lang) + "\u2013" + format_clock_time(b, lang);
}

std::string seats_text(const page_text& t, const session_row& s) {
  int left = std::max(0, s.capacity - s.confirmed);
  return left > 0 ? t.plural("session.seats_left", left) : t("session.full_waitlist");
}

std::string audience_text(const page_text& t, const series_row& sr, const config& cfg) {
  std::vector<std::string> roles, sectors;
  for (const auto& r : sr.roles) roles.push_back(t("audience.role." + r));
  bool any = std::find(sr.sectors.begin(), sr.sectors.end(), "*") != sr.sectors.end();
  for (const auto& id : sr.sectors)
    for (const auto& c : cfg.sectors)
      if (c.id == id) sectors.push_back(c.label.in(t.lang));
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
  };
  std::string text = t("audience.value", {{"roles", join(roles)}, {"sectors", any ? t("audience.any_sector") : t("audience.sectors", {{"sectors", join(sectors)}})}});
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}


struct form_state {
  form_values values;
  std::map<std::string, std::string> errors;  // field -> code
  std::string problem;                         // a sentence above the form
};

std::string error_text(const page_text& t, const std::string& field, const std::string& code) {
  bool menu = field == "sector" || field == "language" || field == "role";
  if (menu && (code == "required" || code == "unknown_value")) return t("error.field.choose");
  return t.s->count("error.field." + code) ? t("error.field." + code) : t("error.field.invalid");
}

// aria attributes and the error paragraph of one field.
std::pair<std::string, std::string> field_error(const page_text& t, const form_state& f, const std::string& field, std::string described = "") {
  auto it = f.errors.find(field);
  if (it == f.errors.end()) return {described.empty() ? "" : " aria-describedby=\"" + described + "\"", ""};
  std::string id = "reg-" + field + "-error";
  return {" aria-invalid=\"true\" aria-describedby=\"" + (described.empty() ? id : described + " " + id) + "\"",
          "<p class=\"field-error\" id=\"" + id + "\">" + esc(error_text(t, field, it->second)) + "</p>"};
}

std::string text_field(const page_text& t, const form_state& f, const char* name, const char* type, const char* label_key,
                       const char* autocomplete, int max, bool optional, std::string hint = "") {
  std::string hint_id = hint.empty() ? "" : std::string("reg-") + name + "-hint";
  auto [aria, err] = field_error(t, f, name, hint_id);
  auto v = f.values.count(name) ? f.values.at(name) : "";
  return fmt::format("<div class=\"field\"><label for=\"reg-{0}\">{1}{2}</label>{3}<input type=\"{4}\" id=\"reg-{0}\" name=\"{0}\" "
                     "autocomplete=\"{5}\" maxlength=\"{6}\" value=\"{7}\"{8}{9}>{10}</div>\n",
                     name, esc(t(label_key)), optional ? " <span class=\"hint\">" + esc(t("field.optional")) + "</span>" : "",
                     hint.empty() ? "" : "<span class=\"hint\" id=\"" + hint_id + "\">" + esc(hint) + "</span>", type, autocomplete, max,
                     esc(v), optional ? "" : " required", aria, err);
}

std::string registration_form(const page_text& t, const config& cfg, const session_row& s, const series_row& sr, const form_state& f) {
  std::string out = "<h2 id=\"register-heading\">" + esc(t("register.heading")) + "</h2>\n<p class=\"hint\">" + esc(t("register.required_note")) + "</p>\n";
  out += "<p class=\"notice info\">" + esc(t("register.audience_note", {{"who", audience_text(t, sr, cfg)}})) + "</p>\n";
  if (!f.problem.empty()) out += "<div class=\"notice error\" role=\"alert\">" + esc(f.problem) + "</div>\n";
  out += fmt::format("<form method=\"post\" action=\"/sessions/{}?lang={}\" aria-labelledby=\"register-heading\">\n", s.id, t.lang);
  out += text_field(t, f, "name", "text", "field.name", "name", 200, false);
  out += text_field(t, f, "email", "email", "field.email", "email", 254, false, t("field.email.hint"));
  out += text_field(t, f, "phone", "tel", "field.phone", "tel", 40, true);
  out += text_field(t, f, "organisation", "text", "field.organisation", "organization", 200, false);
  bool any = std::find(sr.sectors.begin(), sr.sectors.end(), "*") != sr.sectors.end();
  auto value = [&](const char* k) { return f.values.count(k) ? f.values.at(k) : std::string(); };
  auto [sector_aria, sector_err] = field_error(t, f, "sector");
  out += "<div class=\"field\"><label for=\"reg-sector\">" + esc(t("field.sector")) + "</label><select id=\"reg-sector\" name=\"sector\" required" +
         sector_aria + "><option value=\"\">" + esc(t("field.choose")) + "</option>";
  for (const auto& c : cfg.sectors)
    if (any || std::find(sr.sectors.begin(), sr.sectors.end(), c.id) != sr.sectors.end())
      out += fmt::format("<option value=\"{}\"{}>{}</option>", esc(c.id), value("sector") == c.id || (!any && sr.sectors.size() == 1) ? " selected" : "",
                         esc(c.label.in(t.lang)));
  out += "</select>" + sector_err + "</div>\n";
  auto [role_aria, role_err] = field_error(t, f, "role");
  out += "<fieldset" + role_aria + "><legend>" + esc(t("field.role")) + "</legend>";
  for (std::size_t i = 0; i < sr.roles.size(); ++i) {
    const auto& r = sr.roles[i];
    bool checked = value("role") == r || (value("role").empty() && i == 0);
    out += fmt::format("<div class=\"choice\"><input type=\"radio\" id=\"reg-role-{0}\" name=\"role\" value=\"{0}\"{1}><label for=\"reg-role-{0}\">{2}</label></div>",
                       esc(r), checked ? " checked" : "", esc(t("role." + r)));
  }
  out += role_err + "</fieldset>\n";
  std::string mail_lang = value("language").empty() ? t.lang : value("language");
  out += "<div class=\"field\"><label for=\"reg-language\">" + esc(t("field.language")) + "</label><select id=\"reg-language\" name=\"language\">";
  for (auto [code, name] : {std::pair{"fr", "Français"}, std::pair{"nl", "Nederlands"}, std::pair{"en", "English"}})
    out += fmt::format("<option value=\"{0}\" lang=\"{0}\"{1}>{2}</option>", code, mail_lang == code ? " selected" : "", name);
  out += "</select></div>\n";
  bool all = value("scope") == "all";
  out += "<fieldset><legend>" + esc(t("register.scope")) + "</legend>" +
         fmt::format("<div class=\"choice\"><input type=\"radio\" id=\"reg-scope-one\" name=\"scope\" value=\"one\"{}><label for=\"reg-scope-one\">{}</label></div>",
                     all ? "" : " checked", esc(t("register.scope.one"))) +
         fmt::format("<div class=\"choice\"><input type=\"radio\" id=\"reg-scope-all\" name=\"scope\" value=\"all\"{}><label for=\"reg-scope-all\">{}</label></div>",
                     all ? " checked" : "", esc(t("register.scope.all"))) +
         "</fieldset>\n";
  auto [consent_aria, consent_err] = field_error(t, f, "consent");
  out += "<div class=\"field choice\"><input type=\"checkbox\" id=\"reg-consent\" name=\"consent\" value=\"yes\" required" + consent_aria +
         (value("consent").empty() ? "" : " checked") + "><label for=\"reg-consent\">" + esc(t("register.consent")) + " <a href=\"/privacy\">" +
         esc(t("footer.privacy")) + "</a></label>" + consent_err + "</div>\n";
  // The announcements: a consent of its own, unticked (announcement_service after the registration).
  out += "<div class=\"field choice\"><input type=\"checkbox\" id=\"reg-announce\" name=\"announce\" value=\"yes\"" +
         std::string(value("announce").empty() ? "" : " checked") + "><label for=\"reg-announce\">" + esc(t("register.announce")) + "</label></div>\n";
  out += "<div class=\"actions\"><button type=\"submit\" class=\"button\">" +
         esc(s.capacity > s.confirmed ? t("register.submit") : t("register.submit_waitlist")) + "</button></div>\n</form>\n";
  return out;
}

std::string session_facts(const page_text& t, const config& cfg, const session_row& s, const series_row& sr) {
  std::string out = "<dl class=\"facts\">";
  auto fact = [&](const char* k, const std::string& v) { out += "<dt>" + esc(t(k)) + "</dt><dd>" + esc(v) + "</dd>"; };
  fact("session.when", when_text(s, t.lang));
  fact("session.where", s.online ? t("session.online") : s.place);
  fact("session.audience", audience_text(t, sr, cfg));
  if (s.state == session_state::scheduled) {
    fact("session.seats", seats_text(t, s));
    fact("session.waitlist", s.waitlisted ? t.plural("session.waitlist_n", s.waitlisted) : t("session.waitlist_none"));
  }
  return out + "</dl>\n";
}

std::optional<std::pair<session_row, series_row>> load_session(api_context& ctx, std::int64_t id) {
  auto found = ctx.catalogue->session(id);
  if (!found || !found->series) return std::nullopt;
  return std::make_pair(found->session, *found->series);
}

http_response session_page(api_context& ctx, const page_text& t, const session_row& s, const series_row& sr, const form_state& f, unsigned status) {
  std::string main = "<p><a href=\"/sessions?lang=" + t.lang + "\">" + esc(t("register.result.again")) + "</a></p>\n<h1>" +
                     esc(sr.title.in(t.lang)) + "</h1>\n" + session_facts(t, *ctx.cfg, s, sr);
  if (registration_open(s, now_seconds(ctx))) main += registration_form(t, *ctx.cfg, s, sr, f);
  else main += "<p class=\"notice info\">" + esc(s.state == session_state::cancelled ? t("session.state.cancelled") : t("session.closed")) + "</p>\n";
  return html_page(t, sr.title.in(t.lang), main, "/sessions/" + std::to_string(s.id), status);
}


// What the session list shows, the same set and order as the scripted page (public.js, from
// /api/v1/sessions and /api/v1/series): sessions from a day ago on, in every state, grouped by
// the active series in their order, then any other series' sessions.
struct listing {
  std::vector<session_row> rows;
  std::vector<series_row> active, all;
  std::int64_t now = 0;
};

listing load_listing(api_context& ctx) {
  listing l;
  l.now = now_seconds(ctx);
  session_filter f;
  f.from = l.now - 86400;
  auto found = ctx.catalogue->sessions(f);
  l.rows = std::move(found.sessions);
  l.all = std::move(found.series);
  for (const auto& sr : l.all)
    if (sr.active) l.active.push_back(sr);
  std::stable_sort(l.rows.begin(), l.rows.end(), [](const session_row& a, const session_row& b) { return a.starts_at < b.starts_at; });
  return l;
}

// The session list, the markup public.js renders itself (render_list, session_card), so that
// the script's own rendering replaces it without moving anything. Links go to the server's
// session page (a plain form), which the script turns into the in-page detail.
std::string session_list_html(const page_text& t, const listing& l, int heading_level) {
  auto title_of = [&](const std::string& slug) {
    for (const auto& sr : l.all)
      if (sr.slug == slug) return sr.title.in(t.lang);
    return slug;
  };
  std::vector<std::string> slugs;
  for (const auto& sr : l.active)
    if (std::any_of(l.rows.begin(), l.rows.end(), [&](const session_row& s) { return s.series_slug == sr.slug; })) slugs.push_back(sr.slug);
  for (const auto& s : l.rows)
    if (std::find(slugs.begin(), slugs.end(), s.series_slug) == slugs.end()) slugs.push_back(s.series_slug);
  std::string out;
  for (const auto& slug : slugs) {
    std::string items;
    for (const auto& s : l.rows) {
      if (s.series_slug != slug) continue;
      bool open = registration_open(s, l.now);
      int left = std::max(0, s.capacity - s.confirmed);
      auto [badge, kind] = s.state == session_state::cancelled ? std::pair{t("session.state.cancelled"), "danger"}
                           : s.state == session_state::held    ? std::pair{t("session.state.held"), "muted"}
                           : !open                ? std::pair{t("session.closed"), "muted"}
                           : left > 0             ? std::pair{t.plural("session.seats_left", left), "ok"}
                                                  : std::pair{t("session.full_waitlist"), "warn"};
      auto a = sys_seconds{std::chrono::seconds{s.starts_at}}, b = sys_seconds{std::chrono::seconds{s.ends_at}};
      std::string day = format_long_date(a, t.lang);
      items += fmt::format(
          "<li class=\"session-card{}\"><div><div class=\"when\"><time datetime=\"{}\">{}</time>, {}\u2013{}</div><div class=\"where\">{}</div>"
          "<span class=\"badge {}\">{}</span></div><a class=\"button small\" href=\"/sessions/{}?lang={}\" aria-label=\"{}\">{}</a></li>",
          s.state == session_state::cancelled ? " is-cancelled" : left == 0 ? " is-full" : "", format_iso8601(a), esc(day), format_clock_time(a, t.lang),
          format_clock_time(b, t.lang), esc(s.online || s.place == "online" ? t("session.online") : s.place), kind, esc(badge), s.id, t.lang,
          esc(t("session.open_label", {{"title", title_of(slug)}, {"date", day}})), esc(open ? t("session.open_register") : t("session.open_details")));
    }
    out += fmt::format("<h{0} id=\"series-{1}\">{2}</h{0}><ul class=\"session-list\" aria-labelledby=\"series-{1}\">{3}</ul>", heading_level,
                       esc(slug), esc(title_of(slug)), items);
  }
  return out;
}

// The count public.js writes into #sessions-status.
std::string session_count_text(const page_text& t, const listing& l) {
  return l.rows.empty() ? t("index.sessions.none") : t.plural("index.sessions.count", static_cast<long>(l.rows.size()));
}

std::string list_main(api_context& ctx, const page_text& t) {
  auto l = load_listing(ctx);
  return "<h1>" + esc(t("index.heading")) + "</h1>\n<p class=\"lead\">" + esc(t("index.lead")) + "</p>\n" + "<p><a href=\"/announcements?lang=" +
         t.lang + "\">" + esc(t("announce.checkbox")) + "</a></p>\n<p class=\"hint\">" + esc(session_count_text(t, l)) + "</p>\n" +
         session_list_html(t, l, 2) + "\n";
}

// Puts what follows the opening tag of the element with this id (an empty element in the page).
void fill_element(std::string& page, std::string_view id, const std::string& html) {
  auto at = page.find("id=\"" + std::string(id) + "\"");
  if (at == std::string::npos) return;
  auto close = page.find('>', at);
  if (close != std::string::npos) page.insert(close + 1, html);
}

// The start page (web/index.html in the reader's language) with its session list, count and
// calendar links (in the reader's language) filled in: readable without JavaScript.
std::string fill_start_page(std::string page, const page_text& t, const listing& l) {
  fill_element(page, "list-view", session_list_html(t, l, 3));
  fill_element(page, "sessions-status", esc(session_count_text(t, l)));
  // The series filter's options, as public.js fills them (so the menu keeps its width).
  if (auto at = page.find("id=\"series-filter\""); at != std::string::npos) {
    std::string options;
    for (const auto& sr : l.active) options += fmt::format("<option value=\"{}\">{}</option>", esc(sr.slug), esc(sr.title.in(t.lang)));
    if (auto end = page.find("</select>", at); end != std::string::npos) page.insert(end, options);
  }
  if (auto at = page.find("id=\"calendar-links\""); at != std::string::npos) {
    if (auto all = page.find("href=\"/calendar/all.ics\"", at); all != std::string::npos) page.insert(all + 23, "?lang=" + t.lang);
    std::string more;
    for (const auto& sr : l.active)
      more += fmt::format("<li><a href=\"/calendar/{}.ics?lang={}\">{}</a></li>", esc(sr.slug), t.lang, esc(sr.title.in(t.lang)));
    if (auto end = page.find("</ul>", at); end != std::string::npos) page.insert(end, more);
  }
  return page;
}

http_response result_page(const page_text& t, const series_row& sr, const std::vector<std::pair<session_row, registration_item>>& items,
                          const std::string& deletion_date, bool announce) {
  bool confirmed = items.front().second.status == "confirmed";
  std::string main = "<div class=\"notice " + std::string(confirmed ? "success" : "warn") + "\" role=\"status\">\n<h1>" +
                     esc(confirmed ? t("register.result.confirmed") : t("register.result.waitlisted")) + "</h1>\n";
  if (!confirmed) main += "<p>" + esc(t("register.result.position", {{"n", std::to_string(items.front().second.waitlist_position)}})) + "</p>\n";
  main += "<ul>";
  for (const auto& [s, i] : items)
    main += "<li>" + esc(when_text(s, t.lang)) + ": " +
            esc(i.status == "confirmed" ? t("status.confirmed") : t("register.result.position_short", {{"n", std::to_string(i.waitlist_position)}})) + "</li>";
  main += "</ul>\n<p>" + esc(t("register.result.link")) + "</p>\n";
  if (auto d = parse_date(deletion_date)) main += "<p>" + esc(t("register.result.deletion", {{"date", format_calendar_day(*d, t.lang)}})) + "</p>\n";
  if (announce) main += "<p>" + esc(t("register.announce.sent")) + "</p>\n";
  main += "<p><a href=\"/sessions?lang=" + t.lang + "\">" + esc(t("register.result.again")) + "</a></p>\n</div>\n";
  return html_page(t, sr.title.in(t.lang), main, "/sessions", 201);
}

form_values parse_form(const std::string& body) {
  http_request fake;
  fake.query = body;
  form_values out;
  for (const char* k : {"name", "email", "phone", "organisation", "sector", "role", "language", "scope", "consent", "announce"})
    if (auto v = fake.query_param(k)) out[k] = *v;
  return out;
}

}  // namespace

void add_public_pages(router& r, std::shared_ptr<api_context> ctx) {
  auto strings = std::make_shared<const texts>(load_texts(ctx->cfg->server.web_root));
  std::string version = ctx->files ? ctx->files->version() : std::string();
  auto text_in = [strings, version](const std::string& lang) {
    auto it = strings->find(lang);
    static const page_strings none;
    return page_text{it == strings->end() ? &none : &it->second, lang, version};
  };
  auto text_for = [text_in](const http_request& req) { return text_in(language_of(req)); };
  // The start page: web/index.html as static_files serves it (language, ETag, compression), with
  // the session list rendered in; the scripts enhance it.
  r.add("GET", "/", [ctx, text_in](const http_request& req, const route_params&, responder respond) {
    std::optional<http_response> res;
    if (ctx->files)
      res = ctx->files->serve(req, [&](const std::string& lang, const std::string& page) { return fill_start_page(page, text_in(lang), load_listing(*ctx)); });
    if (!res) return respond(problem(404, "No such page."));
    respond(std::move(*res));
  });
  r.add("GET", "/sessions", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    auto res = html_page(t, t("index.sessions.heading"), list_main(*ctx, t), "/sessions");
    compress_for(req, res);
    respond(std::move(res));
  });
  r.add("GET", "/sessions/{id}", [ctx, text_for](const http_request& req, const route_params& p, responder sent) {
    auto respond = [&req, sent](http_response res) {
      compress_for(req, res);
      sent(std::move(res));
    };
    auto t = text_for(req);
    auto id = parse_id(p.at("id"));
    auto found = id ? load_session(*ctx, *id) : std::nullopt;
    if (!found) return respond(html_page(t, t("error.http.404"), "<p>" + esc(t("error.http.404")) + "</p>", "/sessions", 404));
    respond(session_page(*ctx, t, found->first, found->second, {}, 200));
  });
  r.add("POST", "/sessions/{id}", [ctx, text_for](const http_request& req, const route_params& p, responder respond) {
    auto t = text_for(req);
    auto id = parse_id(p.at("id"));
    auto found = id ? load_session(*ctx, *id) : std::nullopt;
    if (!found) return respond(html_page(t, t("error.http.404"), "<p>" + esc(t("error.http.404")) + "</p>", "/sessions", 404));
    form_state f;
    f.values = parse_form(req.body);
    raw_registration raw;
    auto opt = [&](const char* k) -> std::optional<std::string> {
      if (!f.values.count(k)) return std::nullopt;
      return f.values.at(k);
    };
    raw.name = opt("name");
    raw.email = opt("email");
    raw.phone = opt("phone");
    if (raw.phone && raw.phone->empty()) raw.phone.reset();
    raw.organisation = opt("organisation");
    raw.sector = opt("sector");
    raw.role = opt("role");
    raw.language = opt("language");
    raw.consent = f.values.count("consent") > 0;
    bool all = f.values.count("scope") && f.values.at("scope") == "all";
    auto [session, series] = *found;
    auto address = req.remote_address;
    ctx->registrations->register_for(*id, std::move(raw), all, [ctx, t, f, session, series, respond, address](result<registration_outcome> out) mutable {
      if (out) {
        std::vector<std::int64_t> ids;
        for (const auto& i : out->items) ids.push_back(i.session_id);
        auto found = ctx->catalogue->sessions_by_id(ids);
        std::vector<std::pair<session_row, registration_item>> made;
        for (const auto& i : out->items)
          for (const auto& one : found)
            if (one.session.id == i.session_id) made.emplace_back(one.session, i);
        if (!made.empty()) {
          // Ticked: the announcements are asked for apart, by their own service and consent
          // (queued: this completion runs on the writer).
          if (f.values.count("announce") && f.values.at("announce") == "yes")
            return ctx->announcements->request_async(f.values["email"], f.values["language"], true, address,
                                                     [t, series, made, date = out->deletion_date, respond](status s) {
                                                       respond(result_page(t, series, made, date, s.is_ok()));
                                                     });
          return respond(result_page(t, series, made, out->deletion_date, false));
        }
      }
      auto st = out.error();
      f.errors = st.errors();
      unsigned code = http_status_for(st.code());
      if (f.errors.empty() || code == 403) {
        auto key = "error.register." + std::to_string(code);
        f.problem = t.s->count(key) ? t(key) : t.s->count("error.http." + std::to_string(code)) ? t("error.http." + std::to_string(code)) : t("error.http.other");
      }
      auto fresh = load_session(*ctx, session.id);
      respond(session_page(*ctx, t, fresh ? fresh->first : session, series, f, code));
    });
  });
}

}  // namespace intervision
