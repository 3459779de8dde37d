// Landlines with area codes in brackets or after a dash, international forms; birth dates with
// pipes, spaced dots, month and year, or right after the person's name; and what must stay.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "intervision/domain/anonymiser.h"
#include "anonymiser_test_helpers.h"

using namespace intervision;

using namespace intervision::anonymiser_test;

TEST_CASE("landlines with an area code in brackets, slashes or after a dash", "[anonymiser][phones]") {
  CHECK(type_of("Bel het onthaal op (02) 555 12 12 na tien uur.", "(02) 555 12 12") == "phone");
  CHECK(type_of("Joignable au 02/511.22.33 le matin.", "02/511.22.33") == "phone");
  CHECK(type_of("Leuven: 016/32.45.67, vragen naar Els.", "016/32.45.67") == "phone");
  CHECK(type_of("Call (0517)555123 after noon.", "(0517)555123") == "phone");
  CHECK(type_of("Het nummer is 030 - 5555 555.", "030 - 5555 555") == "phone");
  CHECK(type_of("T\xC3\xA9l\xC3\xA9phone : (33) 1 45 56 78 90 - fax", "(33) 1 45 56 78 90") == "phone");
  CHECK(type_of("Mobile +32 486 12 34 56 ok", "+32 486 12 34 56") == "phone");
  // a bracketed count and a page range stay
  CHECK(kept("De groep (12) besprak punt 3 - 4 van de agenda.", "(12)"));
  CHECK(kept("voir pages (10) 12-14 du rapport", "12-14"));
}

TEST_CASE("birth dates: pipes, spaced dots, month and year, after the name", "[anonymiser][dates]") {
  CHECK(type_of("Date de naissance 21|05|1956, suivi par le CPAS.", "21|05|1956") == "birth_date");
  CHECK(type_of("geboren 08 . 04 . 1941 te Gent", "08 . 04 . 1941") == "birth_date");
  CHECK(type_of("N\xC3\xA9 en novembre 1975, il vit seul.", "novembre 1975") == "birth_date");
  CHECK(type_of("Born in March 1982 in a small town.", "March 1982") == "birth_date");
  CHECK(type_of("\xC2\xB0 12/03/1975, woont alleen.", "12/03/1975") == "birth_date");
  CHECK(type_of("Cliente: Mirelle Quistrebert, 23/04/1976, a d\xC3\xA9m\xC3\xA9nag\xC3\xA9.", "23/04/1976") == "birth_date");
  CHECK(type_of("KOWALCZYK Bartosz | M | 22/01/1965 | opvolging", "22/01/1965") == "birth_date");
  // the session's date and a date without a person stay
  CHECK(kept("De intervisie van 12/03/2024 ging over burn-out.", "12/03/2024"));
  CHECK(kept("Le 3 mars 2024, le groupe a discut\xC3\xA9 du logement.", "3 mars 2024"));
  // the cue is not swallowed into a name
  CHECK(kept("Marie N\xC3\xA9""e le 12/03/1975", "N\xC3\xA9""e le"));
}

TEST_CASE("short numbers after a phone cue: extensions, landlines without their area code", "[anonymiser][phones]") {
  CHECK(type_of("Joignable au 73389 le matin.", "73389") == "phone");
  CHECK(type_of("Bel toestel 2745 voor de afspraak.", "2745") == "phone");
  CHECK(type_of("Tel. 04 09 56 98 (secretariaat)", "04 09 56 98") == "phone");
  CHECK(type_of("Call ext. 4410 after ten.", "4410") == "phone");
  // a year, a time or a count after the cue stays
  CHECK(kept("Tel tot 2024 niet bereikbaar.", "2024"));
  CHECK(kept("Bel op 12h30 terug.", "12h30"));
  CHECK(kept("Joignable au 3e \xC3\xA9tage.", "3e"));
}

TEST_CASE("birth dates after a sex marker, with a comma, written out in words, under the name", "[anonymiser][dates]") {
  CHECK(type_of("Dossier: M. VERLINDEN 02 555 12 12 | F | 10/05/1986 | suivi", "10/05/1986") == "birth_date");
  CHECK(type_of("Peeters Jan, M, 22/01/1965, woont alleen.", "22/01/1965") == "birth_date");
  CHECK(type_of("Client: Okafor | male | 03/07/1979 | housing", "03/07/1979") == "birth_date");
  CHECK(type_of("Elle est n\xC3\xA9" "e le 12, mai 1973 \xC3\xA0 Namur.", "12, mai 1973") == "birth_date");
  CHECK(type_of("Il est n\xC3\xA9 le quinze septembre mille neuf cent soixante-cinq.",
                "quinze septembre mille neuf cent soixante-cinq") == "birth_date");
  CHECK(type_of("Geboren op twee januari negentienhonderdvijfenzeventig in Gent.",
                "twee januari negentienhonderdvijfenzeventig") == "birth_date");
  CHECK(type_of("Born on the second of March nineteen seventy-one in Leeds.", "second of March nineteen seventy-one") == "birth_date");
  CHECK(type_of("Patient:\nVERLINDEN Marie\n08 . 04 . 1941\nDossier", "08 . 04 . 1941") == "birth_date");
  // a date in words for an event, a session date under a facilitator's line, a sex marker without a date stay
  CHECK(kept("Le trois mars deux mille vingt-quatre, le groupe s'est r\xC3\xA9uni.", "deux mille vingt-quatre"));
  CHECK(kept("Verslag door Marie Claes op 12/03/2024 over burn-out.", "12/03/2024"));
  CHECK(kept("Groep A | M | F | gemengd", "| M | F |"));
  // a number sign is no birth cue
  CHECK(kept("En vertu du d\xC3\xA9" "cret n\xC2\xB0 2013-1066 du 3 juin 2013.", "3 juin 2013"));
  CHECK(type_of("\xC2\xB0 3 juin 1971, vit seule.", "3 juin 1971") == "birth_date");
}

TEST_CASE("service numbers and a letter O typed for a zero", "[anonymiser][phones]") {
  CHECK(type_of("Bel gratis 0800 12 345 voor hulp.", "0800 12 345") == "phone");
  CHECK(type_of("Hulplijn 0900-1234, elke dag.", "0900-1234") == "phone");
  CHECK(type_of("Secr\xC3\xA9tariat : O2.555.12.12 ou 02.555.12.1O", "O2.555.12.12") == "phone");
  CHECK(type_of("Call 02 555 12 1O before noon.", "02 555 12 1O") == "phone");
  // oxygen and CO2 stay
  CHECK(kept("Onder O2 2 liter, CO2 normaal.", "O2 2 liter"));
  CHECK(kept("Saturation sous O2 et CO2 stable.", "CO2"));
}

TEST_CASE("North American numbers, with their extension", "[anonymiser][phones]") {
  CHECK(type_of("Call the clinic at (312) 555-0187 before noon.", "(312) 555-0187") == "phone");
  CHECK(type_of("Contact : (415)-555-2671 04 (accueil)", "(415)-555-2671 04") == "phone");
  CHECK(type_of("Bel haar Canadese nummer 604-555-0139 na acht uur.", "604-555-0139") == "phone");
  // a range of years and a score stay
  CHECK(kept("Periode 2019-2020, score 3-4-5.", "2019-2020"));
}

TEST_CASE("a whole French number with a word typed against it, a Dutch one with a digit too many", "[anonymiser][phones]") {
  CHECK(type_of("Joignable au 04 78 12 56 90ou par mail.", "04 78 12 56 90") == "phone");
  CHECK(type_of("Bel haar op 010-42 876543 na vijf uur.", "010-42 876543") == "phone");
  CHECK(type_of("Call 020-71 234567 if needed.", "020-71 234567") == "phone");
  // four pairs glued to a word stay
  CHECK(kept("Code 12 34 56 78ab", "12 34 56 78"));
}

TEST_CASE("a birth between two days: both dates go", "[anonymiser][dates]") {
  CHECK(gone("Elle est n\xC3\xA9" "e dans la nuit entre le 30/04 et le 01/05/1988.", "30/04"));
  CHECK(gone("Elle est n\xC3\xA9" "e dans la nuit entre le 30/04 et le 01/05/1988.", "01/05/1988"));
  CHECK(gone("Hij is geboren in de nacht van 30/04 op 01/05/1988, thuis.", "30/04"));
  CHECK(gone("She was born on the night of 30/04 or 01/05/1988.", "01/05/1988"));
  // a day and month alone, with no birth cue, stay
  CHECK(kept("Rendez-vous entre le 30/04 et le 02/05/2024.", "30/04"));
}
