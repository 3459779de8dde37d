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
  CHECK(type_of("Elle a \xC3\xA9t\xC3\xA9 admise au CHU Saint-Pierre hier.", "Saint-Pierre") == "institution");
  CHECK(type_of("Il est intern\xC3\xA9 \xC3\xA0 l'EDS Paifve depuis 2019.", "Paifve") == "institution");
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
  CHECK(redact("admis au CHU Saint-Pierre", o).redacted == "admis au CHU [\xC3\x89TABLISSEMENT]");
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

TEST_CASE("institutions known by a bare name or an acronym are listed", "[anonymiser][institutions]") {
  // nl: a listed name alone, with a department after it, spelled with ij for y
  CHECK(type_of("Ze werd vorige week opgenomen in Isala.", "Isala") == "institution");
  CHECK(type_of("Hij wordt nu gevolgd door Altrecht Bipolair en zijn huisarts.", "Altrecht Bipolair") == "institution");
  CHECK(type_of("De thuiszorg van Careijn komt twee keer per week.", "Careijn") == "institution");
  CHECK(type_of("Verwezen door het UMCG voor een second opinion.", "UMCG") == "institution");
  CHECK(kept("Verwezen door het UMCG voor een second opinion.", "Verwezen door het "));
  CHECK(type_of("Sinds januari in behandeling bij Zon en Schild.", "Zon en Schild") == "institution");
  // fr: the Paris hospitals named alone
  CHECK(type_of("Elle est suivie \xC3\xA0 Bichat depuis 2019.", "Bichat") == "institution");
  CHECK(type_of("Transfert vers la Piti\xC3\xA9-Salp\xC3\xAA" "tri\xC3\xA8re demain.", "Piti\xC3\xA9-Salp\xC3\xAA" "tri\xC3\xA8re") == "institution");
  // en: an acronym ending in MC is a Dutch medical centre
  CHECK(type_of("He was first seen at the LUMC in 2019.", "LUMC") == "institution");
  CHECK(type_of("Referred to MMC for surgery.", "MMC") == "institution");
  // what must stay: the ordinary word, acronyms with another sense, generic services
  CHECK(kept("De rivier maakt daar een meander.", "meander"));
  CHECK(kept("Het gezin volgt MST sinds de zomer.", "MST"));
  CHECK(kept("Le MCH et la CRP sont normaux, le CPAS suit.", "MCH"));
  CHECK(kept("Le MCH et la CRP sont normaux, le CPAS suit.", "CPAS"));
  CHECK(kept("The ZTG and Housing First met the CAW.", "Housing First"));
  CHECK(kept("The ZTG and Housing First met the CAW.", "CAW"));
}

TEST_CASE("Dutch and English heads are part of the name, French ones stay readable", "[anonymiser][institutions]") {
  CHECK(type_of("Opname in het Universitair Ziekenhuis Gent sinds maart.", "Universitair Ziekenhuis Gent") == "institution");
  CHECK(kept("Opname in het Universitair Ziekenhuis Gent sinds maart.", "in het "));
  CHECK(type_of("ACADEMISCH ZIEKENHUIS MAASTRICHT, afdeling psychiatrie", "ACADEMISCH ZIEKENHUIS MAASTRICHT") == "institution");
  CHECK(type_of("She spent a month at the Centraal Militair Hospitaal.", "Centraal Militair Hospitaal") == "institution");
  // fr: the common noun stays: "au CHU [ÉTABLISSEMENT]", "le CHU de [ÉTABLISSEMENT]"
  CHECK(type_of("Hospitalis\xC3\xA9 au CHU de Li\xC3\xA8ge en mai.", "Li\xC3\xA8ge") == "institution");
  CHECK(kept("Hospitalis\xC3\xA9 au CHU de Li\xC3\xA8ge en mai.", "au CHU de "));
  CHECK(kept("Admis \xC3\xA0 l'h\xC3\xB4pital, puis au CHU.", "puis au CHU."));
}

TEST_CASE("a capitalised article opens an institution's name, a lower-case one stays", "[anonymiser][institutions]") {
  CHECK(type_of("Bevallen in 't Veldhof Ziekenhuis vorige maand.", "'t Veldhof Ziekenhuis") == "institution");
  CHECK(type_of("Zij werkt in Het Zonnehof Ziekenhuis.", "Het Zonnehof Ziekenhuis") == "institution");
  CHECK(kept("Zij werkt in het Jessa Ziekenhuis.", "in het "));
  CHECK(type_of("Elle a accouch\xC3\xA9" "e au Jessa Ziekenhuis.", "Jessa Ziekenhuis") == "institution");
  CHECK(kept("She works at the Lindenhof Clinic now.", "at the "));
}

TEST_CASE("a saint's name after a spaced Sint or St. names a hospital; feasts and towns stay", "[anonymiser][institutions]") {
  CHECK(type_of("Ze ligt sinds maandag in Sint Elisabeth.", "Elisabeth") == "institution");
  CHECK(kept("Ze ligt sinds maandag in Sint Elisabeth.", "in Sint "));
  CHECK(type_of("Il a \xC3\xA9t\xC3\xA9 op\xC3\xA9r\xC3\xA9 \xC3\xA0 St Joseph en mars.", "Joseph") == "institution");
  CHECK(type_of("He was taken to St. Thomas after the fall.", "Thomas") == "institution");
  CHECK(type_of("Opgenomen in het Sint Vincentiusziekenhuis.", "Sint Vincentiusziekenhuis") == "institution");
  CHECK(type_of("Born at St. Mary's Hospital in 1990.", "St. Mary's Hospital") == "institution");
  CHECK(kept("Met Sint Maarten gaan de kinderen langs de deuren.", "Sint Maarten"));
  CHECK(kept("Hij woont in Sint-Niklaas bij zijn moeder.", "Sint-Niklaas"));
  CHECK(kept("On a f\xC3\xAAt\xC3\xA9 la Saint-Valentin.", "Saint-Valentin"));
}

TEST_CASE("what a practice is for, partners joined by en or &, the town after a dash", "[anonymiser][institutions]") {
  CHECK(type_of("Hij gaat naar Lindeboom praktijk voor Logopedie en Dyslexie.", "Lindeboom praktijk voor Logopedie en Dyslexie") == "institution");
  CHECK(type_of("Ingeschreven bij Peeters en Van Damme Huisartsen.", "Peeters en Van Damme Huisartsen") == "institution");
  CHECK(type_of("Registered with Hartley & Moss Clinic since May.", "Hartley & Moss Clinic") == "institution");
  CHECK(type_of("Ze werd opgevangen in het Zorgcentrum na Seksueel Geweld - Brussel.", "Zorgcentrum na Seksueel Geweld - Brussel") == "institution");
  CHECK(type_of("Elle a \xC3\xA9t\xC3\xA9 accueillie au Centre de Prise en charge des Violences Sexuelles - Li\xC3\xA8ge.",
                "Centre de Prise en charge des Violences Sexuelles - Li\xC3\xA8ge") == "institution");
  // a practice that says nothing of its name stays, and so does a dash before an ordinary word
  CHECK(kept("De praktijk voor Logopedie opent in mei.", "De praktijk voor Logopedie"));
  CHECK(kept("She went to Isala - Tuesday was her first day.", "Tuesday"));
}

TEST_CASE("three-letter acronyms ending in MC are listed, not guessed", "[anonymiser][institutions]") {
  CHECK(type_of("Verwezen naar het AMC in Amsterdam.", "AMC") == "institution");
  CHECK(kept("IMC 24, poids stable.", "IMC 24"));
  CHECK(kept("De VMC in de badkamer is stuk.", "VMC"));
  CHECK(kept("The EMC chapter on sepsis was useful.", "EMC"));
}

TEST_CASE("prisons and youth institutions by their name, with the preposition kept", "[anonymiser][institutions]") {
  CHECK(kept("Hij zit in de gevangenis van Merksplas sinds mei.", "de gevangenis van "));
  CHECK(gone("Hij zit in de gevangenis van Merksplas sinds mei.", "Merksplas"));
  CHECK(type_of("Zijn broer zit in PI Vught.", "PI Vught") == "institution");
  CHECK(type_of("Hij verblijft in de gemeenschapsinstelling De Kempen.", "De Kempen") == "institution");
  CHECK(type_of("Il est d\xC3\xA9tenu \xC3\xA0 la prison de Lantin.", "Lantin") == "institution");
  CHECK(type_of("He was held at the prison of Leuven-Centraal.", "Leuven-Centraal") == "institution");
  // the word alone stays, and a surname with van elsewhere still goes
  CHECK(kept("Hij verblijft in een gemeenschapsinstelling.", "gemeenschapsinstelling"));
  CHECK(gone("Ze sprak met van Damme over de gevangenis.", "Damme"));
}
