#include <catch2/catch.hpp>

#include <string>

#include "intervision/domain/registration_input.h"

using namespace intervision;

namespace {

registration_rules rules() { return {{"mental_health", "addiction", "ztg", "other"}}; }

raw_registration good() {
  raw_registration r;
  r.name = "Amélie Dubois";
  r.email = "Amelie.Dubois@Example.BE";
  r.phone = "0470 12 34 56";
  r.organisation = "Smes";
  r.sector = "mental_health";
  r.role = "peer_helper";
  r.language = "fr";
  r.consent = true;
  return r;
}

std::string error_of(const raw_registration& r, const std::string& field) {
  auto v = validate_registration(r, rules());
  if (v) return "ok";
  auto errors = v.error().errors();
  auto it = errors.find(field);
  return it == errors.end() ? "no error for " + field : it->second;
}

}  // namespace

TEST_CASE("a good registration is cleaned and normalised", "[registration_input]") {
  auto r = good();
  r.name = "  Amélie Dubois \t";
  r.organisation = "\xC2\xA0Smes\xC2\xA0";
  auto v = validate_registration(r, rules());
  REQUIRE(v);
  CHECK(v->name == "Amélie Dubois");
  CHECK(v->email == "Amelie.Dubois@example.be");  // domain lower-cased, local part kept
  CHECK(v->phone == "+32470123456");
  CHECK(v->organisation == "Smes");
  CHECK(v->sector == "mental_health");
  CHECK(v->role == "peer_helper");
  CHECK(v->language == "fr");
  CHECK(v->consent);
}

TEST_CASE("phone is optional", "[registration_input]") {
  auto r = good();
  r.phone.reset();
  auto v = validate_registration(r, rules());
  REQUIRE(v);
  CHECK(v->phone.empty());
  r.phone = "   ";
  v = validate_registration(r, rules());
  REQUIRE(v);
  CHECK(v->phone.empty());
}

TEST_CASE("every failing field is reported at once", "[registration_input]") {
  raw_registration r;  // everything missing
  auto v = validate_registration(r, rules());
  REQUIRE_FALSE(v);
  CHECK(v.error().code() == status_code::invalid);
  auto e = v.error().errors();
  CHECK(e.at("name") == "required");
  CHECK(e.at("email") == "required");
  CHECK(e.at("organisation") == "required");
  CHECK(e.at("sector") == "required");
  CHECK(e.at("role") == "required");
  CHECK(e.at("language") == "required");
  CHECK(e.at("consent") == "consent_required");
  CHECK(e.count("phone") == 0);
  CHECK(e.size() == 7);

  auto bad = good();
  bad.name = "A";
  bad.email = "not-an-email";
  bad.phone = "call me";
  bad.sector = "astrology";
  bad.role = "admin";
  bad.language = "de";
  bad.consent = false;
  v = validate_registration(bad, rules());
  REQUIRE_FALSE(v);
  e = v.error().errors();
  CHECK(e.at("name") == "too_short");
  CHECK(e.at("email") == "invalid_email");
  CHECK(e.at("phone") == "invalid_phone");
  CHECK(e.at("sector") == "unknown_value");
  CHECK(e.at("role") == "unknown_value");
  CHECK(e.at("language") == "unknown_value");
  CHECK(e.at("consent") == "consent_required");
  CHECK(e.count("organisation") == 0);
}

TEST_CASE("blank strings count as missing", "[registration_input]") {
  auto r = good();
  r.name = "   ";
  r.organisation = "";
  CHECK(error_of(r, "name") == "required");
  CHECK(error_of(r, "organisation") == "required");
}

TEST_CASE("lengths count code points, not bytes", "[registration_input]") {
  auto r = good();
  r.name = std::string(100, 'a');
  CHECK(error_of(r, "name") == "ok");
  r.name = std::string(101, 'a');
  CHECK(error_of(r, "name") == "too_long");
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "é";  // 200 bytes, 100 code points
  r.name = accented;
  CHECK(error_of(r, "name") == "ok");
  r.name = "Ø";  // 2 bytes, 1 code point
  CHECK(error_of(r, "name") == "too_short");
  r.name = "Øy";
  CHECK(error_of(r, "name") == "ok");

  r = good();
  r.organisation = "X";
  CHECK(error_of(r, "organisation") == "ok");
  r.organisation = std::string(150, 'o');
  CHECK(error_of(r, "organisation") == "ok");
  r.organisation = std::string(151, 'o');
  CHECK(error_of(r, "organisation") == "too_long");
}

TEST_CASE("control characters and broken UTF-8 are refused", "[registration_input]") {
  auto r = good();
  r.name = "Jean\nDupont";
  CHECK(error_of(r, "name") == "control_characters");
  r.name = std::string("Jean\0Dupont", 11);
  CHECK(error_of(r, "name") == "control_characters");
  r.name = "Jean\x7F";
  CHECK(error_of(r, "name") == "control_characters");
  r.name = "Jean \xC2\x85 Dupont";  // U+0085 NEL, a C1 control
  CHECK(error_of(r, "name") == "control_characters");
  r.name = "Jean \xE2\x80\xAE tnopuD";  // U+202E right-to-left override
  CHECK(error_of(r, "name") == "control_characters");
  r.organisation = "Smes\tasbl";
  CHECK(error_of(r, "organisation") == "control_characters");

  r = good();
  r.name = "Jean \xC3\x28";  // a lead byte without its continuation
  CHECK(error_of(r, "name") == "invalid_utf8");
  r.organisation = "\xFF\xFE";
  CHECK(error_of(r, "organisation") == "invalid_utf8");
  r.email = "a\xC0\xAF@example.be";  // overlong '/'
  CHECK(error_of(r, "email") == "invalid_utf8");
}

TEST_CASE("is_valid_utf8 is strict", "[registration_input]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Brussel – Bruxelles € 𝄞"));
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xC1\xBF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\x80"));              // lone continuation
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  CHECK_FALSE(is_valid_utf8("abc\xF0\x9F\x98"));   // truncated at the end
}

TEST_CASE("email syntax", "[registration_input]") {
  auto r = good();
  auto email_error = [&](const std::string& e) {
    r.email = e;
    return error_of(r, "email");
  };
  CHECK(email_error("first.last+tag@sub.example.org") == "ok");
  CHECK(email_error("o'brien@example.ie") == "ok");
  CHECK(email_error("x@a-b.co") == "ok");
  CHECK(email_error("  spaced@example.be  ") == "ok");
  CHECK(email_error("plainaddress") == "invalid_email");
  CHECK(email_error("@example.be") == "invalid_email");
  CHECK(email_error("someone@") == "invalid_email");
  CHECK(email_error("someone@localhost") == "invalid_email");
  CHECK(email_error("two words@example.be") == "invalid_email");
  CHECK(email_error("a..b@example.be") == "invalid_email");
  CHECK(email_error(".a@example.be") == "invalid_email");
  CHECK(email_error("a.@example.be") == "invalid_email");
  CHECK(email_error("a@example..be") == "invalid_email");
  CHECK(email_error("a@-example.be") == "invalid_email");
  CHECK(email_error("a@example-.be") == "invalid_email");
  CHECK(email_error("a@exa_mple.be") == "invalid_email");
  CHECK(email_error("a@b@example.be") == "invalid_email");
  CHECK(email_error("a@192.168.0.1") == "invalid_email");
  CHECK(email_error("a@example.b") == "invalid_email");
  CHECK(email_error("élise@example.be") == "invalid_email");
  CHECK(email_error(std::string(65, 'a') + "@example.be") == "invalid_email");
  CHECK(email_error("a@" + std::string(64, 'b') + ".be") == "invalid_email");
  std::string long_domain;
  for (int i = 0; i < 4; ++i) long_domain += std::string(60, 'd') + ".";
  CHECK(email_error("a@" + long_domain + "be") == "ok");  // 2 + 244 + 2 = 248: fits
  CHECK(email_error("abcdefgh@" + long_domain + "be") == "too_long");  // 255
}

TEST_CASE("the email's domain is lower-cased; the look-up form is lower-cased whole", "[registration_input]") {
  auto r = good();
  r.email = "Jan.Peeters@Voorbeeld.BE";
  auto v = validate_registration(r, rules());
  REQUIRE(v);
  CHECK(v->email == "Jan.Peeters@voorbeeld.be");
  CHECK(normalise_email("  Jan.Peeters@Voorbeeld.BE ") == "jan.peeters@voorbeeld.be");
  CHECK(normalise_email(v->email) == normalise_email("JAN.PEETERS@VOORBEELD.BE"));
}

TEST_CASE("phones are normalised to E.164, Belgian numbers understood", "[registration_input]") {
  CHECK(normalise_phone("0470 12 34 56") == "+32470123456");
  CHECK(normalise_phone("02 511 22 33") == "+3225112233");
  CHECK(normalise_phone("0486/45.67.89") == "+32486456789");
  CHECK(normalise_phone("+32 2 511 22 33") == "+3225112233");
  CHECK(normalise_phone("0032 2 511 22 33") == "+3225112233");
  CHECK(normalise_phone("+32 (0)2 511 22 33") == "+3225112233");
  CHECK(normalise_phone("+32 0470 12 34 56") == "+32470123456");
  CHECK(normalise_phone("04 222 33 44") == "+3242223344");  // Liège fixed line: 8 digits after 32
  CHECK(normalise_phone("(02) 511-22-33") == "+3225112233");
  CHECK(normalise_phone("+33 1 23 45 67 89") == "+33123456789");
  CHECK(normalise_phone("0031 20 123 4567") == "+31201234567");
  CHECK(normalise_phone("+44 20 7946 0958") == "+442079460958");

  CHECK_FALSE(normalise_phone("0470 12 34 5"));        // too short for a Belgian mobile
  CHECK_FALSE(normalise_phone("0470 12 34 56 7"));     // too long
  CHECK_FALSE(normalise_phone("02 511 22 3"));         // too short
  CHECK_FALSE(normalise_phone("0251 12 23 34"));       // 9 national digits, not a mobile
  CHECK_FALSE(normalise_phone("04 222 33 445"));       // 9 national digits, Liège is 8
  CHECK_FALSE(normalise_phone("+1 234"));              // too short
  CHECK_FALSE(normalise_phone("+1234567890123456"));   // 16 digits
  CHECK_FALSE(normalise_phone("+0 123 456 789"));      // no country code starts with 0
  CHECK_FALSE(normalise_phone("470 12 34 56"));        // no country can be told
  CHECK_FALSE(normalise_phone("0470 12 34 AB"));       // letters
  CHECK_FALSE(normalise_phone("+32+470123456"));
  CHECK_FALSE(normalise_phone("tel:0470123456"));
  CHECK_FALSE(normalise_phone(""));

  auto r = good();
  r.phone = "0470 12 34 5X";
  CHECK(error_of(r, "phone") == "invalid_phone");
  r.phone = "0470\t12 34 56";
  CHECK(error_of(r, "phone") == "control_characters");
  r.phone = " +32 2 511 22 33 ";
  auto v = validate_registration(r, rules());
  REQUIRE(v);
  CHECK(v->phone == "+3225112233");
}

TEST_CASE("sector, role and language come from their lists", "[registration_input]") {
  auto r = good();
  r.sector = "ztg";
  CHECK(error_of(r, "sector") == "ok");
  r.sector = "homelessness";  // a shipped id, but not in these rules
  CHECK(error_of(r, "sector") == "unknown_value");
  r = good();
  r.role = "coordinator";
  CHECK(error_of(r, "role") == "ok");
  r.role = "Coordinator";
  CHECK(error_of(r, "role") == "unknown_value");
  r = good();
  for (auto lang : {"fr", "nl", "en"}) {
    r.language = lang;
    CHECK(error_of(r, "language") == "ok");
  }
  r.language = "FR ";
  CHECK(error_of(r, "language") == "unknown_value");
}

TEST_CASE("consent must be given", "[registration_input]") {
  auto r = good();
  r.consent = false;
  CHECK(error_of(r, "consent") == "consent_required");
  r.consent.reset();
  CHECK(error_of(r, "consent") == "consent_required");
}

TEST_CASE("error messages do not echo the input", "[registration_input]") {
  auto r = good();
  r.email = "secret.person@nowhere";
  auto v = validate_registration(r, rules());
  REQUIRE_FALSE(v);
  CHECK(v.error().message().find("secret") == std::string::npos);
  auto errors = v.error().errors();
  for (const auto& [field, code] : errors) CHECK(code.find("secret") == std::string::npos);
}
