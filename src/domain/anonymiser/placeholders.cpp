// Placeholders in the note's language, and the type names of spans.
#include "intervision/domain/anonymiser/detail.h"

namespace intervision::anonymiser {

const char* type_name(int p) {
  switch (p) {
    case p_email: return "email";
    case p_iban: return "iban";
    case p_national: return "national_number";
    case p_phone: return "phone";
    case p_birth: return "birth_date";
    case p_address: return "address";
    case p_custom: return "custom";
    case p_identifier: return "identifier";
    case p_url: return "url";
    case p_institution: return "institution";
    default: return "name";
  }
}

const placeholders& placeholders_for(const std::string& lang) {
  static const placeholders nl{"PERSOON", "[E-MAIL]", "[TELEFOON]", "[RIJKSREGISTERNUMMER]", "[IBAN]",
                               "[ADRES]", "[GEBOORTEDATUM]", "[VERWIJDERD]", "[NUMMER]", "[WEBADRES]",
                               "[INSTELLING]"};
  static const placeholders fr{"PERSONNE", "[E-MAIL]", "[T\u00C9L\u00C9PHONE]", "[NUM\u00C9RO NATIONAL]", "[IBAN]",
                               "[ADRESSE]", "[DATE DE NAISSANCE]", "[SUPPRIM\u00C9]", "[NUM\u00C9RO]",
                               "[ADRESSE WEB]", "[\u00C9TABLISSEMENT]"};
  static const placeholders en{"PERSON", "[EMAIL]", "[PHONE]", "[NATIONAL NUMBER]", "[IBAN]",
                               "[ADDRESS]", "[BIRTH DATE]", "[REMOVED]", "[NUMBER]", "[WEB ADDRESS]",
                               "[INSTITUTION]"};
  if (lang == "nl") return nl;
  if (lang == "fr") return fr;
  return en;
}

}  // namespace intervision::anonymiser
