// Record numbers, national numbers with a wrong check digit, web addresses and handles, in Dutch,
// French and English notes; and the numbers that must stay (dates, ranges, amounts, counts).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "intervision/domain/anonymiser.h"
#include "anonymiser_test_helpers.h"

using namespace intervision;

using namespace intervision::anonymiser_test;

TEST_CASE("long digit runs are record numbers, in three languages", "[anonymiser][identifiers]") {
  CHECK(type_of("Zijn dossiernummer is 20231187 bij het OCMW.", "20231187") == "identifier");
  CHECK(type_of("Le num\xC3\xA9ro patient 4471920385 figure au dossier.", "4471920385") == "identifier");
  CHECK(type_of("Her eID card 592-8812345-67 was lost.", "592-8812345-67") == "identifier");
  CHECK(type_of("BSN 123456782, verder niets.", "123456782") == "identifier");
  // French social-security number, spaced, and digits written one by one
  auto secu = redact("S\xC3\xA9""cu : 1 85 05 78 006 084 36, \xC3\xA0 v\xC3\xA9rifier.", {}).redacted;
  CHECK(secu.find("85") == std::string::npos);
  CHECK(secu.find("36") == std::string::npos);
  CHECK(secu.find("v\xC3\xA9rifier") != std::string::npos);
  CHECK(type_of("nummer 4 8 1 7 2 9 3 5 genoteerd", "4 8 1 7 2 9 3 5") == "identifier");
}

TEST_CASE("a national number in its shape stays a national number whatever its check digit", "[anonymiser][identifiers]") {
  CHECK(type_of("RR 85.07.30-033.99 (tikfout)", "85.07.30-033.99") == "national_number");
  CHECK(type_of("NN 90.02.11-123.45 noted", "90.02.11-123.45") == "national_number");
}

TEST_CASE("dates, ranges, amounts and short numbers stay", "[anonymiser][identifiers]") {
  CHECK(kept("Gesprek op 18/02/2019 om 16:30, 12 deelnemers.", "18/02/2019"));
  CHECK(kept("Tijdens de cyclus 2019-2020 liep het goed.", "2019-2020"));
  CHECK(kept("Une dette de 1.250.000 euros, 3 enfants.", "1.250.000"));
  CHECK(kept("A debt of \xE2\x82\xAC 2500000 was mentioned.", "2500000"));
  CHECK(kept("Ze kreeg 123456 punten.", "123456"));
  CHECK(kept("scores 12 14 15 18 20 22 24 26 28 30 32 34", "12 14 15"));
  CHECK(kept("de 10.30-12.00 en salle 3", "10.30-12.00"));
}

TEST_CASE("web addresses and social-media handles go", "[anonymiser][identifiers]") {
  CHECK(type_of("Zie https://example.org/profiel/marie-d voor meer.", "https://example.org/profiel/marie-d") == "url");
  CHECK(type_of("Son compte www.exemple.be/kevin.l est public.", "www.exemple.be/kevin.l") == "url");
  CHECK(type_of("He posts as @kev_dupont on Instagram.", "@kev_dupont") == "url");
  CHECK(type_of("facebook.com/marie.dupont.77 is haar pagina", "facebook.com/marie.dupont.77") == "url");
  CHECK(type_of("Zijn blog hetkwzblog.nl leest ze elke dag.", "hetkwzblog.nl") == "url");
  CHECK(kept("Het is 1.5 keer zo veel, zie p.12 en e.g. de bijlage.", "1.5 keer"));
  // an email stays an email, also with accents or spaces around the at sign
  CHECK(type_of("mail secr\xC3\xA9tariat.onco@exemple.fr demain", "secr\xC3\xA9tariat.onco@exemple.fr") == "email");
  CHECK(type_of("write to tlabelle @ medimail . com today", "tlabelle @ medimail . com") == "email");
  CHECK(type_of("mail marie@example.be", "marie@example.be") == "email");
  CHECK(kept("We spreken af @ 10 uur, at home.", "at home"));
}

TEST_CASE("placeholders for the new types follow the note's language", "[anonymiser][identifiers]") {
  redaction_options o;
  o.language = "fr";
  CHECK(redact("dossier 20231187", o).redacted == "dossier [NUM\xC3\x89RO]");
  o.language = "nl";
  CHECK(redact("dossier 20231187", o).redacted == "dossier [NUMMER]");
  o.language = "en";
  CHECK(redact("see www.example.org/me", o).redacted == "see [WEB ADDRESS]");
}

TEST_CASE("rows of a table of figures are no phones and no record numbers", "[anonymiser][identifiers]") {
  // measurements pasted from a device or a lab report: many groups of figures joined by spaces
  CHECK(kept("Bloeddruk 08:00 12 8 0 4 061 93 0 11 0 5 2 daarna rust.", "0 4 061 93 0 11 0"));
  CHECK(kept("Relev\xC3\xA9s 10:15 06 7212 44 18 95 0 2 417 0 3 508 24 0 9 0 stables.", "06 7212 44 18"));
  CHECK(kept("Readings 0 0 0 0 0 0 0 0 0 0 0 0 at night.", "0 0 0 0 0 0 0 0 0 0"));
  CHECK(kept("Scores 2021 310 42 77 1820 99 310 55 18 41 ok", "1820 99 310 55"));
  // a phone or a social-security number between words still goes
  CHECK(type_of("Bel haar op 0471 23 45 67 na vijf uur.", "0471 23 45 67") == "phone");
  CHECK(type_of("T\xC3\xA9l. 06 12 34 56 78 - portable", "06 12 34 56 78") == "phone");
  CHECK(type_of("Call +32 2 555 12 12 first.", "+32 2 555 12 12") == "phone");
  CHECK(gone("NISS 2 77 04 13 114 027 81, cliente suivie.", "114 027"));
  // two groups of one digit are no phone grouping
  CHECK(kept("tabel: 0 3 341 0 2 381 ok", "0 3 341 0 2 381"));
}

TEST_CASE("numbers read out digit by digit and phones beside other numbers still go", "[anonymiser][identifiers]") {
  auto r = redacted_text("Client: 2 6 1 0 3 7 5 1 1 4 0 2 7 8 1 5 1 0 9 1 9 7 8 woont in Gent.");
  CHECK(r.find("2 6 1 0") == std::string::npos);
  CHECK(r.find("1 9 7 8") == std::string::npos);
  CHECK(gone("Secr\xC3\xA9tariat 01.44.12.30.07 01 44 12 30 09 (fax)", "01 44 12 30 09"));
  CHECK(gone("Clinique, 1050 Bruxelles (32) 02-555-12-12", "02-555-12-12"));
}

TEST_CASE("a social-security number in its groups goes even after a year", "[anonymiser][identifiers]") {
  CHECK(gone("N\xC3\xA9 en 1968 1 68 03 75 112 047 52, vit seul.", "112 047 52"));
  CHECK(gone("Geboren 1968 2 68 03 75 112 047 52 in Parijs.", "2 68 03"));
  CHECK(gone("born 1968 1 68 03 75 112 047 52 in Lyon", "1 68 03 75"));
}

TEST_CASE("a number read out digit by digit ends before the house number", "[anonymiser][identifiers]") {
  auto r = redacted_text("Dossier 3 1 0 5 2 0 6 8 12 rue des Tanneurs, Bruxelles");
  CHECK(r.find("3 1 0 5") == std::string::npos);
  CHECK(r.find("0 6 8") == std::string::npos);
  CHECK(gone("Nummer 4 4 1 2 0 9 7 4 2 8 7 2 en 7 Kerkstraat.", "4 4 1 2 0 9"));
}

TEST_CASE("a date with a slip in its year is no record number", "[anonymiser][identifiers]") {
  CHECK(kept("Afspraak op 8/12/20240 genoteerd.", "8/12/20240"));
  CHECK(kept("Rendez-vous le 20242025-03-14 (erreur de frappe).", "20242025-03-14"));
  CHECK(kept("Meeting on 20240/12/8 moved.", "20240/12/8"));
  // an eID card number keeps its type: only one short group
  CHECK(type_of("Her eID card 592-8812345-67 was lost.", "592-8812345-67") == "identifier");
}

TEST_CASE("a blank form's zeros and a scale of decimals stay", "[anonymiser][identifiers]") {
  CHECK(kept("T\xC3\xA9l. fixe : 00 00 00 00 00 (non communiqu\xC3\xA9)", "00 00 00 00 00"));
  CHECK(kept("Dossiernummer 0000000 (nog niet toegekend)", "0000000"));
  CHECK(kept("Scale 0.5 1 1.5 2 2.5 3 of pain", "0.5 1 1.5 2 2.5 3"));
  CHECK(type_of("Dossier 7777777 ouvert.", "7777777") == "identifier");
}

TEST_CASE("record numbers with letters in them, and short ones after a record cue", "[anonymiser][identifiers]") {
  CHECK(type_of("N\xC2\xBA de la visite : 42bg98765, \xC3\xA0 rappeler.", "42bg98765") == "identifier");
  CHECK(type_of("Dossier DX2024113 aangemaakt.", "DX2024113") == "identifier");
  CHECK(type_of("Case file 2038H20391 was reopened.", "2038H20391") == "identifier");
  CHECK(type_of("Son IPP est 8392, \xC3\xA0 v\xC3\xA9rifier.", "8392") == "identifier");
  CHECK(type_of("Dossiernummer: 4471 (nieuw)", "4471") == "identifier");
  // codes with few digits, a time or a date after the cue stay
  CHECK(kept("Variant SCN3B+ en COVID19 besproken.", "SCN3B"));
  CHECK(kept("Le dossier 12/03 est complet.", "12/03"));
  CHECK(kept("Dossier de 2024, rien de neuf.", "2024"));
}

TEST_CASE("a record cue written against its number stays readable", "[anonymiser][identifiers]") {
  CHECK(kept("Dossier IPPX40918273 ouvert hier.", "Dossier IPP"));
  CHECK(gone("Dossier IPPX40918273 ouvert hier.", "X40918273"));
  CHECK(kept("Patient NDA7730018123 seen today.", "NDA"));
  CHECK(gone("Opname NDA7730018123 vandaag.", "7730018123"));
}

TEST_CASE("an email address whose domain lost its name still goes", "[anonymiser][identifiers]") {
  CHECK(type_of("Contact : marie.dubreucq@fr pour le suivi.", "marie.dubreucq@fr") == "email");
  CHECK(type_of("Mail hem op jan.peeters@be na de vergadering.", "jan.peeters@be") == "email");
  CHECK(type_of("Write to j.walsh@uk, she answers.", "j.walsh@uk") == "email");
  // an at sign for a time is no address
  CHECK(kept("Rendez-vous @ 10h avec l'\xC3\xA9quipe.", "@ 10h"));
}
