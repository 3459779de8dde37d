// The pages rendered on the server for browsers without JavaScript: /sessions, a session's page
// and its plain registration form (POST, application/x-www-form-urlencoded).
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "support.h"

using namespace intervision;
using namespace intervision::test;
namespace json = boost::json;

namespace {

std::int64_t open_session(unsigned short port, const std::string& series) {
  auto list = json::parse(request(port, "GET", "/api/v1/sessions?series=" + series).body).as_array();
  for (auto& s : list)
    if (s.at("registration_open").as_bool()) return s.at("id").as_int64();
  FAIL("no open session");
  return 0;
}

const std::map<std::string, std::string> form_type{{"Content-Type", "application/x-www-form-urlencoded"}};

}  // namespace

TEST_CASE("without JavaScript: the list, a session page and its form, in the reader's language", "[pages]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  auto list = request(port, "GET", "/sessions", "", {{"Accept-Language", "nl-BE,nl;q=0.9"}});
  REQUIRE(list.status == 200);
  CHECK(list.header("content-type") == "text/html; charset=utf-8");
  CHECK(list.body.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(list.body.find("Nog 12 plaatsen") != std::string::npos);  // ICU plural, Dutch
  CHECK(list.body.find("<meta name=\"description\"") != std::string::npos);
  CHECK(list.body.find("href=\"/css/site.css?v=") != std::string::npos);  // the versioned, year-long stylesheet
  auto packed = request(port, "GET", "/sessions?lang=nl", "", {{"Accept-Encoding", "gzip"}});
  CHECK(packed.header("content-encoding") == "gzip");
  CHECK(packed.header("vary").find("Accept-Encoding") != std::string::npos);
  CHECK(packed.body.size() * 3 < list.body.size());
  auto ztg = open_session(port, "ztg-peers");
  auto page = request(port, "GET", fmt::format("/sessions/{}?lang=en", ztg));
  REQUIRE(page.status == 200);
  CHECK(page.body.find("Peer helpers working in: ") != std::string::npos);
  CHECK(page.body.find("value=\"ztg\"") != std::string::npos);
  CHECK(page.body.find("value=\"mental_health\"") == std::string::npos);  // only the sectors that fit
  CHECK(page.body.find("value=\"coordinator\"") == std::string::npos);    // and the roles
  CHECK(page.body.find("method=\"post\"") != std::string::npos);

  // Missing fields: the form again, errors next to their fields, "choose" for the menu.
  auto url = fmt::format("/sessions/{}?lang=fr", ztg);
  auto bad = request(port, "POST", url, "name=&email=x&sector=&role=peer_helper&language=fr", form_type);
  CHECK(bad.status == 422);
  CHECK(bad.body.find("id=\"reg-name\" name=\"name\"") != std::string::npos);
  CHECK(bad.body.find("aria-invalid=\"true\" aria-describedby=\"reg-name-error\"") != std::string::npos);
  CHECK(bad.body.find("Veuillez choisir une des options.") != std::string::npos);
  CHECK(bad.body.find("id=\"reg-consent-error\"") != std::string::npos);
  // The same audience rule as the API: a sector that does not fit is refused and named.
  auto other = request(port, "POST", url,
                       "name=Zo%C3%A9+Martin&email=zoe%40example.be&organisation=Smes&sector=mental_health&role=peer_helper&language=fr&consent=yes",
                       form_type);
  CHECK(other.status == 403);
  CHECK(other.body.find("id=\"reg-sector-error\"") != std::string::npos);
  CHECK(other.body.find("value=\"Zoé Martin\"") != std::string::npos);  // what was typed is kept
  // A good form registers and shows the result page; the mail goes out in the chosen language.
  auto good = request(port, "POST", url,
                      "name=Zo%C3%A9+Martin&email=zoe%40example.be&organisation=Smes&sector=ztg&role=peer_helper&language=nl&consent=yes",
                      form_type);
  CHECK(good.status == 201);
  CHECK(good.body.find("Vos données seront effacées le ") != std::string::npos);
  CHECK(good.body.find("role=\"status\"") != std::string::npos);
  server.app().send_mail();
  auto mails = read_mails(dir.path / "outbox");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].find("Inschrijving bevestigd") != std::string::npos);
  auto again = request(port, "POST", url,
                       "name=Zo%C3%A9+Martin&email=zoe%40example.be&organisation=Smes&sector=ztg&role=peer_helper&language=nl&consent=yes",
                       form_type);
  CHECK(again.status == 409);
  CHECK(request(port, "GET", "/sessions/999999").status == 404);
}

TEST_CASE("the start page carries the session list itself, rendered on the server in the reader's language", "[pages]") {
  temp_dir dir;
  test_server server(test_config(dir.path));
  auto port = server.port();
  auto page = request(port, "GET", "/", "", {{"Accept-Language", "nl-BE,nl;q=0.9"}});
  REQUIRE(page.status == 200);
  CHECK(page.header("content-language") == "nl");
  CHECK(page.header("cache-control") == "no-cache");
  CHECK(page.body.find("<html lang=\"nl\"") != std::string::npos);
  // The list inside #list-view, as public.js renders it: a heading per series, a card per session.
  auto list_at = page.body.find("id=\"list-view\">");
  REQUIRE(list_at != std::string::npos);
  CHECK(page.body.compare(list_at + 15, 20, "<h3 id=\"series-cross") == 0);
  auto sessions = json::parse(request(port, "GET", "/api/v1/sessions").body).as_array();
  REQUIRE(sessions.size() > 3);
  std::size_t cards = 0;
  for (std::size_t at = 0; (at = page.body.find("<li class=\"session-card", at)) != std::string::npos; ++at) ++cards;
  CHECK(cards == sessions.size());
  auto first = sessions[0].as_object();
  CHECK(page.body.find(fmt::format("href=\"/sessions/{}?lang=nl\"", first.at("id").as_int64())) != std::string::npos);
  CHECK(page.body.find(fmt::format("<time datetime=\"{}\">", first.at("starts_at").as_string().c_str())) != std::string::npos);
  CHECK(page.body.find("Nog 12 plaatsen") != std::string::npos);                                         // ICU plural, Dutch
  CHECK(page.body.find(fmt::format(">{} sessies</p>", sessions.size())) != std::string::npos);           // the count
  CHECK(page.body.find("href=\"/calendar/all.ics?lang=nl\"") != std::string::npos);                      // feeds in Dutch
  CHECK(page.body.find("href=\"/calendar/ztg-peers.ics?lang=nl\"") != std::string::npos);
  CHECK(page.body.find("<option value=\"ztg-peers\">") != std::string::npos);  // the series filter, filled
  // The controls only scripts work are hidden without them; scripts are still linked.
  CHECK(page.body.find("<noscript><link rel=\"stylesheet\" href=\"/css/nojs.css?v=") != std::string::npos);
  CHECK(page.body.find("class=\"toolbar js-only\"") != std::string::npos);
  // after the first paint: a loader last and at low priority, which imports the page's script
  CHECK(page.body.find("<script type=\"module\" src=\"/js/after_paint.js?v=") != std::string::npos);
  CHECK(page.body.find("fetchpriority=\"low\"") != std::string::npos);
  CHECK(page.body.find("data-script=\"public\"") != std::string::npos);
  CHECK(page.body.find("/js/public.js") == std::string::npos);
  auto loader = request(server.port(), "GET", "/js/after_paint.js");
  CHECK(loader.status == 200);
  CHECK(loader.body.find("import('./public.js?v=") != std::string::npos);  // versioned, cached a year

  // A registration changes the list (fresh, not a cached copy) and the ETag with it.
  auto etag = page.header("etag");
  REQUIRE(!etag.empty());
  CHECK(request(port, "GET", "/", "", {{"Accept-Language", "nl"}, {"If-None-Match", etag}}).status == 304);
  auto sid = open_session(port, "cross-sector");
  REQUIRE(request(port, "POST", fmt::format("/api/v1/sessions/{}/registrations", sid),
                  R"({"name": "Ann Smet", "email": "ann@example.be", "organisation": "X", "sector": "poverty", "role": "peer_helper", "language": "nl", "consent": true})")
              .status == 201);
  auto after = request(port, "GET", "/", "", {{"Accept-Language", "nl"}, {"If-None-Match", etag}});
  CHECK(after.status == 200);
  CHECK(after.body.find("Nog 11 plaatsen") != std::string::npos);
  // French by ?lang=, compressed when the client takes it.
  auto fr = request(port, "GET", "/?lang=fr", "", {{"Accept-Encoding", "gzip"}});
  CHECK(fr.header("content-encoding") == "gzip");
  CHECK(fr.body.size() * 3 < request(port, "GET", "/?lang=fr").body.size());
  CHECK(request(port, "GET", "/?lang=fr").body.find("Encore 11 places") != std::string::npos);
  CHECK(request(port, "POST", "/").status == 405);
  CHECK(request(port, "HEAD", "/").status == 200);
  // The public listing the script loads is compressed too, from the worker and from the cache.
  for (int i = 0; i < 2; ++i) {
    auto api = request(port, "GET", "/api/v1/sessions", "", {{"Accept-Encoding", "gzip"}});
    CHECK(api.header("content-encoding") == "gzip");
    CHECK(api.body.size() * 3 < request(port, "GET", "/api/v1/sessions").body.size());
  }
  CHECK(request(port, "GET", "/api/v1/sessions").header("content-encoding").empty());
}
