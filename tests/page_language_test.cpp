#include <catch2/catch.hpp>

#include "intervision/http/page_language.h"

using namespace intervision;

TEST_CASE("a page is rendered in the reader's language before it is served", "[http][i18n]") {
  page_strings nl{{"index.heading", "Intervisies voor ervaringsdeskundigen"},
                  {"page.index.title", "Sessies"},
                  {"site.name", "Intervisies"},
                  {"nav.label", "Hoofdmenu"},
                  {"x.tricky", "<b>&\"quoted\""}};
  const std::string html =
      "<!doctype html>\n<html lang=\"fr\">\n<head><title>Intervisions — Smes</title>"
      "<meta name=\"i18n-title\" content=\"page.index.title\"></head>\n"
      "<body><h1 data-i18n=\"index.heading\">Intervisions for peer helpers</h1>"
      "<nav class=\"site-nav\" data-i18n-attr=\"aria-label:nav.label\"><ul></ul></nav>"
      "<p data-i18n=\"x.tricky\">old</p><p data-i18n=\"x.missing\">kept</p>"
      "<label><span data-i18n=\"index.heading\">a</span> <span class=\"hint\">b</span></label></body></html>";
  const std::string out = translate_page(html, "nl", nl);
  CHECK(out.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(out.find("<title>Sessies — Intervisies</title>") != std::string::npos);
  CHECK(out.find("<h1 data-i18n=\"index.heading\">Intervisies voor ervaringsdeskundigen</h1>") != std::string::npos);
  CHECK(out.find("data-i18n-attr=\"aria-label:nav.label\" aria-label=\"Hoofdmenu\">") != std::string::npos);
  CHECK(out.find("<p data-i18n=\"x.tricky\">&lt;b&gt;&amp;&quot;quoted&quot;</p>") != std::string::npos);
  CHECK(out.find("<p data-i18n=\"x.missing\">kept</p>") != std::string::npos);
  CHECK(out.find("<span class=\"hint\">b</span>") != std::string::npos);  // siblings untouched
  CHECK(out.find("Intervisions for peer helpers") == std::string::npos);
}

TEST_CASE("the page language: cookie, then Accept-Language, then French", "[http][i18n]") {
  CHECK(pick_page_language(std::nullopt, std::nullopt) == "fr");
  CHECK(pick_page_language(std::nullopt, "nl-BE,nl;q=0.9,en;q=0.8") == "nl");
  CHECK(pick_page_language(std::nullopt, "de-DE, en-GB;q=0.7") == "en");
  CHECK(pick_page_language(std::nullopt, "nl;q=0, en") == "en");
  CHECK(pick_page_language(std::nullopt, "de") == "fr");
  CHECK(pick_page_language("a=1; intervision_lang=en", "nl") == "en");
  CHECK(pick_page_language("xintervision_lang=en", "nl") == "nl");
  CHECK(pick_page_language("intervision_lang=de", "nl") == "nl");
}
