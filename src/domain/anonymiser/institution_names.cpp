// Institutions known by a bare name or an acronym: "Isala", "Altrecht", "UMCU", "ZNA", "Bichat".
// No rule can tell these from any other capitalised word or acronym (they have no head word such as
// "ziekenhuis" or "PZ"), so they are listed. The list is ours, written from general knowledge of
// Dutch, Belgian and French care and justice: university and general hospitals, psychiatric and
// forensic centres, addiction care, home and elderly care groups, rehabilitation centres.
//
// What it leaves out on purpose: names that are also ordinary words, regions or common given names
// when written alone ("Martini", "Beatrix", "Karakter", "Spaarne", "Haaglanden", "Trousseau", "Foch"), generic kinds
// of place and national networks every client uses ("CPAS", "OCMW", "CAW", "CGG", "ZTG", "Smes",
// "Housing First", "Leger des Heils"), and acronyms with a common other sense ("MST": multisystemic
// therapy and a sexually transmitted disease; "MCL"; "PC"). Those with a head word ("AZ Delta",
// "Jessa Ziekenhuis", "FPC Gent", "de gevangenis van Haren") are found by the rules in
// institutions.cpp and need no entry.
//
// Writing: each entry as it is usually written. A word in capitals only (UMCU) must be in capitals
// in the note; a capitalised word must be capitalised (an article may be in either case: "de
// Hoogstraat" as "De Hoogstraat"); lower-case words match in any case. Dots are ignored ("Dr. S.
// van Mesdag") and "ij" matches "y" ("Careijn" = "Careyn"). The saints' hospitals ("St. Antonius",
// "Sint Jansdal") need no entry: a rule in institutions.cpp finds them.
#include "intervision/domain/anonymiser/detail.h"

#include <unordered_map>

namespace intervision::anonymiser {

namespace {

constexpr std::string_view listed_text =
    // Dutch university medical centres and their children's hospitals
    "UMCU;UMCG;UMCN;LUMC;VUmc;Radboudumc;MUMC;AMC;AZU;WKZ;Wilhelmina Kinderziekenhuis;Sophia Kinderziekenhuis;"
    "Emma Kinderziekenhuis;Prinses Maxima Centrum;Antoni van Leeuwenhoek;"
    // Dutch general hospitals known by their name alone
    "Isala;Meander;Rijnstate;Gelre;Amphia;Maasstad;Ikazia;Tergooi;Treant;"
    "Zuyderland;Elkerliek;Bernhoven;VieCuri;Tjongerschans;Dijklander;Alrijne;Diakonessenhuis;Slingeland;"
    "Noordwest Ziekenhuisgroep;Reinier de Graaf;Flevoziekenhuis;"
    "Ommelander;Nij Smellinghe;Antonius Sneek;OLVG;ETZ;ZGT;MMC;HMC;ZMC;PMC;"
    // military hospitals (NL, BE)
    "Centraal Militair Hospitaal;Militair Hospitaal;CMH;"
    // Dutch mental-health care, addiction care, forensic care
    "Altrecht;Parnassia;Arkin;GGZ inGeest;Lentis;Dimence;Mondriaan;Pro Persona;Yulius;Emergis;GGz Breburg;"
    "GGzE;Reinier van Arkel;Accare;Rivierduinen;GGZ Delfland;GGZ Centraal;Zon en Schild;Antes;Bavo Europoort;"
    "Fivoor;Trajectum;Tactus;Jellinek;Brijder;Novadic-Kentron;Iriszorg;Pompestichting;Van der Hoeven Kliniek;"
    "Van Mesdag;Mesdagkliniek;Oostvaarderskliniek;De Kijvelanden;De Rooyse Wissel;Inforsa;"
    // Dutch rehabilitation, home and elderly care groups
    "De Hoogstraat;Careyn;Cordaan;Amsta;Evean;Vitras;Zorgspectrum;Axion Continu;"
    // Belgian hospital groups and hospitals known by their name alone
    "ZNA;GZA;ZOL;UZA;Jessa;Imelda;Chirec;Epicura;Helora;Vivalia;Humani;Brugmann;Bordet;Erasme;HUDERF;"
    // Belgian psychiatric and forensic centres
    "Titeca;Karus;Asster;Guislain;Sint-Amandus;Sint-Kamillus;Alexianen;Les Marronniers;Paifve;"
    "Zorgcentrum na Seksueel Geweld;Centre de Prise en charge des Violences Sexuelles;"
    // Paris public hospitals (AP-HP), named alone in French notes
    "Bichat;Mondor;Henri-Mondor;Necker;Lariboisiere;Avicenne;Bicetre;Kremlin-Bicetre;Beaujon;Salpetriere;"
    "Pitie-Salpetriere;Tenon;Cochin;la Timone;HEGP;Georges-Pompidou;Paul-Brousse;Robert-Debre;"
    "Raymond-Poincare;Ambroise-Pare;Albert-Chenevier;Louis-Mourier;Jean-Verdier;Antoine-Beclere;"
    "Gustave-Roussy;Hotel-Dieu;Sainte-Anne;Bretonneau";

struct listed_name {
  std::vector<std::string> words;  // folded, "ij" as "y"
  std::vector<char> need;          // 'A' capitals, 'C' capitalised, 0 any case
};

// "Careijn" and "Careyn" are one name: Dutch writes the same sound both ways.
std::string ij_as_y(std::string_view fold) {
  std::string out;
  out.reserve(fold.size());
  for (std::size_t i = 0; i < fold.size(); ++i) {
    if (fold[i] == 'i' && i + 1 < fold.size() && fold[i + 1] == 'j') {
      out += 'y';
      ++i;
    } else {
      out += fold[i];
    }
  }
  return out;
}

const std::unordered_map<std::string, std::vector<listed_name>>& listed_names() {
  static const auto names = [] {
    std::unordered_map<std::string, std::vector<listed_name>> m;
    std::size_t p = 0;
    while (p < listed_text.size()) {
      std::size_t q = listed_text.find(';', p);
      if (q == std::string_view::npos) q = listed_text.size();
      listed_name n;
      for (const auto& t : tokenize(listed_text.substr(p, q - p))) {
        if (!t.is_word()) continue;
        n.words.push_back(ij_as_y(t.fold));
        n.need.push_back(determiners().count(t.fold) ? 0 : t.all_caps ? 'A' : t.cap ? 'C' : 0);
      }
      if (!n.words.empty()) m[n.words.front()].push_back(std::move(n));
      p = q + 1;
    }
    return m;
  }();
  return names;
}

}  // namespace

// The last token of a listed institution starting at token i, or npos. The longest entry wins.
std::size_t note_scanner::listed_institution_end(std::size_t i) const {
  if (i >= t_.size() || !t_[i].is_word()) return npos;
  const auto& names = listed_names();
  bool has_ij = t_[i].fold.find("ij") != std::string::npos;
  auto it = names.find(has_ij ? ij_as_y(t_[i].fold) : t_[i].fold);
  if (it == names.end()) return npos;
  std::size_t best = npos;
  for (const auto& n : it->second) {
    std::size_t j = i, last = npos;
    bool ok = true;
    for (std::size_t w = 0; w < n.words.size() && ok; ++w) {
      while (w > 0 && j < t_.size() && punct_is(j, ".") && attached(j)) ++j;  // "St. Antonius"
      if (j >= t_.size() || !t_[j].is_word() || (w > 0 && !joined(j))) {
        ok = false;
        break;
      }
      const token& t = t_[j];
      bool same = t.fold.find("ij") != std::string::npos ? ij_as_y(t.fold) == n.words[w] : t.fold == n.words[w];
      if (!same || (n.need[w] == 'A' && !t.all_caps) || (n.need[w] == 'C' && !t.cap)) ok = false;
      last = j++;
    }
    if (ok && (best == npos || last > best)) best = last;
  }
  return best;
}

// "UMCU", "LUMC", "MUMC": Dutch hospital acronyms end with MC (medisch centrum) or open with UMC
// (universitair medisch centrum). In capitals, four or five letters: the three-letter ones are
// listed above, because "IMC" (indice de masse corporelle) and "VMC" are no hospitals.
bool hospital_acronym(const token& t) {
  if (!t.is_word() || !t.all_caps || t.fold.size() < 4 || t.fold.size() > 5) return false;
  for (char c : t.fold)
    if (!is_ascii_alpha(c)) return false;
  return ends_with(t.fold, "mc") || t.fold.compare(0, 3, "umc") == 0;
}

}  // namespace intervision::anonymiser
