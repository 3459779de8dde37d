// Tests of the anonymiser's inner parts (include/intervision/domain/anonymiser/detail.h), one
// section per source file of src/domain/anonymiser/.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "intervision/domain/anonymiser/detail.h"

using namespace intervision::anonymiser;

namespace {

std::string fold(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto cp = decode_at(s, i);
    append_folded(out, cp.value);
    i += cp.length;
  }
  return out;
}

std::vector<std::string> found(std::string_view text, void (*finder)(std::string_view, std::vector<candidate>&)) {
  std::vector<candidate> out;
  finder(text, out);
  std::vector<std::string> s;
  for (const auto& c : out) s.emplace_back(text.substr(c.start, c.end - c.start));
  return s;
}

}  // namespace

TEST_CASE("text: UTF-8 decoding rejects overlong forms; folding strips accents", "[anonymiser][parts]") {
  CHECK(decode_at("\xC3\xA9", 0).value == 0xE9);
  CHECK(decode_at("\xC3\xA9", 0).length == 2);
  CHECK(decode_at("\xC0\xB9", 0).value == 0xFFFD);  // overlong "9"
  CHECK(fold("In\xC3\xA8s") == "ines");
  CHECK(fold("FRAN\xC3\x87OIS") == "francois");
  CHECK(fold("\xC5\x81ukasz") == "lukasz");
  CHECK(is_upper_cp(0xC9));
  CHECK_FALSE(is_upper_cp(0xE9));
  CHECK_FALSE(is_letter_cp(0x2019));
}

TEST_CASE("tokens: words, numbers, punctuation, capitals and sentence starts", "[anonymiser][parts]") {
  auto t = tokenize("Hier zag ik DUBOIS, Jean-Luc. 12 jaar");
  REQUIRE(t.size() == 9);
  CHECK(t[0].sentence_start);
  CHECK_FALSE(t[1].sentence_start);
  CHECK(t[3].all_caps);
  CHECK(t[3].fold == "dubois");
  CHECK(t[5].fold == "jean-luc");
  CHECK(t[5].name_like());
  CHECK(t[7].is_number());
  CHECK(t[7].sentence_start);
}

TEST_CASE("word lists: particles, titles and words that are no names", "[anonymiser][parts]") {
  CHECK(particles().count("van"));
  CHECK(particles().count("el"));
  CHECK(title_words().count("mevrouw"));
  CHECK(title_words().count("maitre"));
  CHECK(not_name_words().count("ziekenhuis"));
  CHECK_FALSE(not_name_words().count("janssens"));
}

TEST_CASE("identifiers: national numbers, phones and IBANs over bytes", "[anonymiser][parts]") {
  CHECK(mod97("97") == 0);
  CHECK(found("RR 85.07.30-033.28 ok", find_national_numbers) == std::vector<std::string>{"85.07.30-033.28"});
  CHECK(found("bel 0486 12 34 56 of 02 555 12 12", find_phones) ==
        std::vector<std::string>{"0486 12 34 56", "02 555 12 12"});
  CHECK(found("le 01/02/2024 \xC3\xA0 10h", find_phones).empty());
  CHECK(found("IBAN BE71 0961 2345 6769.", find_ibans) == std::vector<std::string>{"BE71 0961 2345 6769"});
}

TEST_CASE("emails: plain and spelled out", "[anonymiser][parts]") {
  CHECK(found("mail marie.dupont@example.be vandaag", find_emails) ==
        std::vector<std::string>{"marie.dupont@example.be"});
  CHECK(found("peter [at] voorbeeld [dot] be", find_emails) == std::vector<std::string>{"peter [at] voorbeeld [dot] be"});
  CHECK(found("we meet at home today", find_emails).empty());
}

TEST_CASE("dates: numeric and written dates in three languages", "[anonymiser][parts]") {
  for (std::string_view s : {"3 maart 1975", "1er f\xC3\xA9vrier 1980", "March 3, 1975", "12/03/1975"}) {
    auto t = tokenize(s);
    note_scanner sc(s, t);
    CAPTURE(s);
    CHECK(sc.parse_date(0) == t.size() - 1);
  }
  auto t = tokenize("3 keer");
  note_scanner sc("3 keer", t);
  CHECK(sc.parse_date(0) == npos);
}

TEST_CASE("placeholders follow the language", "[anonymiser][parts]") {
  CHECK(std::string(placeholders_for("nl").phone) == "[TELEFOON]");
  CHECK(std::string(placeholders_for("fr").person) == "PERSONNE");
  CHECK(std::string(placeholders_for("en").address) == "[ADDRESS]");
  CHECK(std::string(type_name(p_national)) == "national_number");
}

// The note preview names what it removes with `redact.type.<type>`; a type without its label in
// one language would show the raw type name to a facilitator.
TEST_CASE("every span type has its preview label in French, Dutch and English", "[anonymiser][parts][i18n]") {
  for (const char* lang : {"fr", "nl", "en"}) {
    std::ifstream in(std::string(INTERVISION_SOURCE_DIR) + "/web/i18n/" + lang + ".json");
    REQUIRE(in);
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int p = p_email; p <= p_name; ++p) {
      std::string key = std::string("\"redact.type.") + type_name(p) + "\":";
      CAPTURE(lang, key);
      CHECK(json.find(key) != std::string::npos);
    }
  }
}
