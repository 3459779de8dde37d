// The session list, a session's page and its registration form rendered on the server in the
// reader's language, for browsers without JavaScript (the scripted page links here from its
// <noscript>). The form POSTs application/x-www-form-urlencoded to /sessions/{id} and goes
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


std::string list_main(api_context& ctx, const page_text& t) {
  std::int64_t now = now_seconds(ctx);
  session_filter f;
  f.from = now;
  auto [rows, series] = ctx.catalogue->sessions(f);
  std::string out = "<h1>" + esc(t("index.heading")) + "</h1>\n<p class=\"lead\">" + esc(t("index.lead")) + "</p>\n" +
                    "<p><a href=\"/announcements?lang=" + t.lang + "\">" + esc(t("announce.checkbox")) + "</a></p>\n";
  for (const auto& sr : series) {
    if (!sr.active) continue;
    std::string items;
    for (const auto& s : rows) {
      if (s.series_slug != sr.slug || s.state != session_state::scheduled) continue;
      items += fmt::format("<li class=\"session-card\"><div><div class=\"when\">{}</div><div class=\"where\">{}</div><span class=\"badge\">{}</span></div>"
                           "<a class=\"button small\" href=\"/sessions/{}?lang={}\">{}</a></li>\n",
                           esc(when_text(s, t.lang)), esc(s.online ? t("session.online") : s.place), esc(seats_text(t, s)), s.id, t.lang,
                           esc(registration_open(s, now) ? t("session.open_register") : t("session.open_details")));
    }
    if (items.empty()) continue;
    out += fmt::format("<h2 id=\"series-{0}\">{1}</h2>\n<ul class=\"session-list\" aria-labelledby=\"series-{0}\">\n{2}</ul>\n", esc(sr.slug),
                       esc(sr.title.in(t.lang)), items);
  }
  return out;
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
  auto text_for = [strings](const http_request& req) {
    std::string lang = language_of(req);
    auto it = strings->find(lang);
    static const page_strings none;
    return page_text{it == strings->end() ? &none : &it->second, lang};
  };
  r.add("GET", "/sessions", [ctx, text_for](const http_request& req, const route_params&, responder respond) {
    auto t = text_for(req);
    respond(html_page(t, t("index.sessions.heading"), list_main(*ctx, t), "/sessions"));
  });
  r.add("GET", "/sessions/{id}", [ctx, text_for](const http_request& req, const route_params& p, responder respond) {
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
