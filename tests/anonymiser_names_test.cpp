// Name forms nobody listed in advance, in Dutch, French and English notes: surnames in capitals,
// initials, particles, titles, hyphenated names, single unknown first names; and the words that
// must stay beside them (acronyms, ordinary capitalised words, institutions' generic words).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "intervision/domain/anonymiser.h"

using namespace intervision;

namespace {

std::string out(std::string_view text, std::string language = "") {
  redaction_options o;
  o.language = std::move(language);
  return redact(text, o).redacted;
}
bool gone(std::string_view text, std::string_view needle) { return out(text).find(needle) == std::string::npos; }
bool kept(std::string_view text, std::string_view needle) { return !gone(text, needle); }

}  // namespace

TEST_CASE("surnames in capitals, before or after the given name", "[anonymiser][names]") {
  CHECK(out("We spraken over KOWALCZYK Bartosz en zijn situatie.", "nl") == "We spraken over [PERSOON 1] en zijn situatie.");
  CHECK(out("Le suivi de Dominique LEFEBVRE avance bien.", "fr") == "Le suivi de [PERSONNE 1] avance bien.");
  CHECK(gone("Patient: OULMANE, ZINEDINE, vu hier.", "OULMANE"));
  CHECK(gone("Patient: OULMANE, ZINEDINE, vu hier.", "ZINEDINE"));
  CHECK(gone("The file of TREVANION GUILLEMARD was closed.", "TREVANION"));
  // acronyms and ordinary words in capitals stay
  CHECK(kept("Het OCMW en de CPAS vragen een ZTG intervisie.", "OCMW"));
  CHECK(kept("Het OCMW en de CPAS vragen een ZTG intervisie.", "ZTG"));
  CHECK(kept("RENDEZ-VOUS URGENT demain avec le SMES.", "URGENT"));
  CHECK(kept("PLEASE NOTE the MEETING moved.", "MEETING"));
}

TEST_CASE("initials with a surname", "[anonymiser][names]") {
  CHECK(out("Overleg met J. Janssens en A.B. Verstraeten.", "nl") == "Overleg met [PERSOON 1] en [PERSOON 2].");
  CHECK(gone("Vu par Dr Z. AL BAHIRT ce matin.", "BAHIRT"));
  CHECK(gone("Contact: P-A. Poulmanic, infirmier.", "Poulmanic"));
  CHECK(gone("She met A. van der Sluis last week.", "Sluis"));
  // "M." is a French title: the name goes, the title may stay
  CHECK(out("M. Quenouille est venu.").find("Quenouille") == std::string::npos);
  // a letter before an ordinary word is no initial
  CHECK(kept("We kozen optie B. Dat werkte goed.", "Dat werkte"));
  CHECK(kept("Il a choisi le plan B. Ensuite il est parti.", "Ensuite"));
}

TEST_CASE("particles and hyphenated surnames", "[anonymiser][names]") {
  CHECK(gone("Zijn begeleider Jan van den Broeck belde.", "Broeck"));
  CHECK(gone("Mevrouw Visser-de Jong kwam langs.", "Visser"));
  CHECK(gone("Mevrouw Visser-de Jong kwam langs.", "Jong"));
  CHECK(gone("Madame Toudoire-Surlapierre a appel\xC3\xA9.", "Surlapierre"));
  CHECK(kept("Il est peut-\xC3\xAAtre venu au rendez-vous.", "rendez-vous"));
}

TEST_CASE("titles written out or abbreviated", "[anonymiser][names]") {
  CHECK(gone("Pr Chilvarec a sign\xC3\xA9 le rapport.", "Chilvarec"));
  CHECK(gone("Ik sprak met mijnheer Vandeputte.", "Vandeputte"));
  CHECK(gone("Ma\xC3\xAEtre Delacroix-Ribaud d\xC3\xA9""fend le dossier.", "Delacroix"));
  CHECK(gone("Dr. Okonkwo saw him.", "Okonkwo"));
}

TEST_CASE("a single unknown first name in a narrative", "[anonymiser][names]") {
  CHECK(gone("Barnab\xC3\xA9 passe beaucoup de temps seul.", "Barnab"));
  CHECK(gone("Daarna vertelde Xhemile over haar week.", "Xhemile"));
  CHECK(gone("Yesterday we talked to Oluwaseun about housing.", "Oluwaseun"));
  // ordinary capitalised words at a sentence start or in headings stay
  CHECK(kept("Vandaag was het rustig. Daarna gingen we eten.", "Daarna"));
  CHECK(kept("Ensuite, le groupe a discut\xC3\xA9 du th\xC3\xA8me.", "Ensuite"));
  CHECK(kept("Housing First works with the CPAS.", "Housing First"));
}

TEST_CASE("the same person keeps one number across forms", "[anonymiser][names]") {
  CHECK(out("KOWALCZYK Bartosz belde. Later kwam Bartosz zelf.", "nl") == "[PERSOON 1] belde. Later kwam [PERSOON 1] zelf.");
}
