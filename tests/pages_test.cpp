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
