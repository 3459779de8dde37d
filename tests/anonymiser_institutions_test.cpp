// Named institutions where care or justice happens, in Dutch, French and English notes, as their
// own span type with a placeholder in the note's language; the generic words stay.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "intervision/domain/anonymiser.h"
#include "anonymiser_test_helpers.h"

using namespace intervision;

using namespace intervision::anonymiser_test;

TEST_CASE("named hospitals, psychiatric centres, forensic units and prisons go", "[anonymiser][institutions]") {
  CHECK(type_of("Hij verblijft sinds maart in PZ Duffel.", "PZ Duffel") == "institution");
  CHECK(type_of("Elle a \xC3\xA9t\xC3\xA9 admise au CHU Saint-Pierre hier.", "CHU Saint-Pierre") == "institution");
  CHECK(type_of("Il est intern\xC3\xA9 \xC3\xA0 l'EDS Paifve depuis 2019.", "EDS Paifve") == "institution");
  CHECK(type_of("Hij zit in de gevangenis van Haren.", "Haren") == "institution");
  CHECK(kept("Hij zit in de gevangenis van Haren.", "de gevangenis "));
  CHECK(type_of("She was moved to the Jan Yperman Ziekenhuis last week.", "Jan Yperman Ziekenhuis") == "institution");
  CHECK(type_of("Opname in het Sint-Jozefziekenhuis, daarna naar huis.", "Sint-Jozefziekenhuis") == "institution");
  CHECK(type_of("Transfer to the Erasmus MC was planned.", "Erasmus MC") == "institution");
  CHECK(type_of("Suivi \xC3\xA0 l'H\xC3\xB4pital Erasme, service de psychiatrie.", "Erasme") == "institution");
}

TEST_CASE("generic care words stay", "[anonymiser][institutions]") {
  CHECK(kept("Hij werd naar het ziekenhuis gebracht.", "het ziekenhuis"));
  CHECK(kept("Le CPAS a accept\xC3\xA9 le dossier, le Smes suit.", "Le CPAS"));
  CHECK(kept("Housing First en de ZTG werken samen.", "Housing First"));
  CHECK(kept("Rendez-vous au centre de Bruxelles, puis \xC3\xA0 l'h\xC3\xB4pital de jour.", "centre de Bruxelles"));
  CHECK(kept("Rendez-vous au centre de Bruxelles, puis \xC3\xA0 l'h\xC3\xB4pital de jour.", "pital de jour"));
  CHECK(kept("He spent a year in prison before the shelter took him.", "in prison"));
  CHECK(kept("Orient\xC3\xA9 vers un Centre de Sant\xC3\xA9 Mentale du quartier.", "Centre de Sant\xC3\xA9 Mentale"));
  CHECK(kept("Ze ging maandag naar het ziekenhuis Maandag", "ziekenhuis"));
}

TEST_CASE("institution placeholders follow the note's language", "[anonymiser][institutions]") {
  redaction_options o;
  o.language = "nl";
  CHECK(redact("opname in PZ Duffel", o).redacted == "opname in [INSTELLING]");
  o.language = "fr";
  CHECK(redact("admis au CHU Saint-Pierre", o).redacted == "admis au [\xC3\x89TABLISSEMENT]");
  o.language = "en";
  CHECK(redact("moved to PZ Duffel", o).redacted == "moved to [INSTITUTION]");
}

TEST_CASE("an institution's article, a name before a lower-case kind of place, Medisch Centrum", "[anonymiser][institutions]") {
  CHECK(type_of("Suivi \xC3\xA0 l'H\xC3\xB4pital la Citadelle depuis mars.", "la Citadelle") == "institution");
  CHECK(type_of("Transf\xC3\xA9r\xC3\xA9 \xC3\xA0 l'h\xC3\xB4pital europ\xC3\xA9" "en Marie-Curie hier.", "europ\xC3\xA9" "en Marie-Curie") == "institution");
  CHECK(type_of("Opname in Vesalius kliniek, daarna naar huis.", "Vesalius kliniek") == "institution");
  CHECK(type_of("Hij wordt gevolgd door Rozenberg huisartsenpraktijk.", "Rozenberg huisartsenpraktijk") == "institution");
  CHECK(type_of("She was seen at Harwood university hospital.", "Harwood university hospital") == "institution");
  CHECK(type_of("Overgebracht naar het Lambrechts Medisch Centrum.", "Lambrechts Medisch Centrum") == "institution");
  CHECK(type_of("Bilan au laboratoire du HOP Avicenne hier.", "HOP Avicenne") == "institution");
  // the kind of place alone, and a preposition before the name, stay
  CHECK(kept("Ze werd opgenomen in een Medisch Centrum in de buurt.", "Medisch Centrum"));
  CHECK(kept("Hij ging naar het grote ziekenhuis.", "grote ziekenhuis"));
  CHECK(kept("Een nieuwe kliniek opent in mei.", "nieuwe kliniek"));
}

TEST_CASE("a head word followed only by ordinary words or a title names no institution", "[anonymiser][institutions]") {
  CHECK(kept("R\xC3\xA9union Clinique Multidisciplinaire du mardi.", "Clinique Multidisciplinaire"));
  CHECK(kept("Chefs de Clinique Assistants Dr Verlinden", "Clinique Assistants"));
  CHECK(kept("The Hospital Residents met on Monday.", "Hospital Residents"));
  CHECK(type_of("Opname in Kliniek Vogelzang sinds mei.", "Vogelzang") == "institution");
}
