// Named institutions where care or justice happens: hospitals, psychiatric centres, forensic units,
// prisons, shelters, with their proper name ("PZ Duffel", "CHU Saint-Pierre", "EDS Paifve", "de
// gevangenis van Haren", "Sint-Jozefkliniek", "Erasmus MC"). The generic word alone stays
// ("het ziekenhuis", "l'hôpital de jour", "le CPAS", "Housing First"): only a proper name makes
// the institution, and so the place, identifying.
#include "intervision/domain/anonymiser/detail.h"

namespace intervision::anonymiser {

namespace {

// Words that open an institution's name: "PZ Duffel", "Hôpital Erasme", "prison de Haren".
// Acronyms count in capitals only; the words for a centre or a home only when capitalised ("au
// centre de Bruxelles" stays); hospitals and prisons also in lower case ("het ziekenhuis van Duffel").
enum class head { none, acronym, capitalised, any_case };

head institution_head(const token& t) {
  static const word_set acronyms = make_set("pz upc uz az chu chr chrs ch chp ggz opz fpc fpk eds umc wzc ehpad hop gh ghu chi chs chru");
  static const word_set capitalised = make_set(
      "centrum centre center rusthuis woonzorgcentrum vluchthuis opvangcentrum shelter refuge foyer asile "
      "sanatorium revalidatiecentrum psychiatrie gasthuis");
  static const word_set any_case = make_set(
      "ziekenhuis hospitaal kliniek hopital hospital clinique clinic polyclinique gevangenis prison "
      "strafinrichting justitiehuis");
  if (!t.is_word()) return head::none;
  if (acronyms.count(t.fold)) return t.all_caps ? head::acronym : head::none;
  if (capitalised.count(t.fold)) return t.cap ? head::capitalised : head::none;
  if (any_case.count(t.fold)) return head::any_case;
  return head::none;
}

// Words that close one: "Jan Yperman Ziekenhuis", "Erasmus MC", "Sint-Jozefkliniek", "Meander
// Medisch Centrum"; in lower case after a name: "Isala kliniek", "Compas huisartsenpraktijk".
const word_set& tail_words() {
  static const word_set s = make_set(
      "ziekenhuis kliniek hospitaal gasthuis hospital clinic mc umc infirmary centrum huisartsenpraktijk "
      "huisartspraktijk groepspraktijk praktijk huisartsen revalidatiecentrum");
  return s;
}

bool institution_tail(const token& t) {
  if (!t.is_word() || !t.cap) return false;
  if (tail_words().count(t.fold)) return true;
  for (std::string_view suf : {"ziekenhuis", "kliniek", "gasthuis", "hospitaal"})
    if (t.fold.size() > suf.size() + 2 && ends_with(t.fold, suf)) return true;
  return false;
}

bool calendar_word(const token& t) {
  static const word_set s = make_set(
      "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi vendredi samedi "
      "dimanche monday tuesday wednesday thursday friday saturday sunday");
  return s.count(t.fold) > 0;
}

const word_set& institution_linkers() {
  static const word_set s = make_set(
      "van de du des la le l d of the t sint saint st ste sainte hospitalier psychiatrique psychiatrisch "
      "universitaire penitentiaire regional medisch medical europeen europees european general algemeen");
  return s;
}

}  // namespace

// After a head word: linkers and capitalised words; the last capitalised word, or npos.
std::size_t note_scanner::institution_name_end(std::size_t j) const {
  std::size_t last = npos;
  for (int n = 0; n < 6 && j < t_.size() && joined(j); ++n, ++j) {
    const token& w = t_[j];
    if (is_apostrophe(j) && attached(j)) continue;
    if (w.is_word() && title_words().count(w.fold)) break;  // "Clinique ... Dr Verlinden": a person follows
    if (w.is_word() && w.cap && !calendar_word(w) && !month_number(j) && w.fold.size() >= 2) {
      last = j;
      continue;
    }
    if (w.is_word() && !w.cap && institution_linkers().count(w.fold) && (last == npos || n < 4)) continue;
    break;
  }
  return last;
}

void note_scanner::find_institutions(std::vector<candidate>& out) const {
  for (std::size_t i = 0; i < t_.size(); ++i) {
    const token& t = t_[i];
    if (!t.is_word()) continue;
    // "PZ Duffel", "CHU Saint-Pierre", "het ziekenhuis van Duffel", "Psychiatrisch Centrum Sint-Jan"
    if (head h = institution_head(t); h != head::none) {
      std::size_t last = institution_name_end(i + 1);
      if (last != npos) {
        // "l'hôpital [Erasme]", "de gevangenis van [Haren]": the common noun stays readable
        std::size_t begin = i;
        if (h == head::any_case) {
          // from the name on, with its article or adjective: "Hôpital [la Timone]", "[européen
          // Georges-Pompidou]"; a preposition stays outside: "de gevangenis van [Haren]"
          static const word_set prepositions = make_set("van de du des d of the in te");
          begin = i + 1;
          while (begin < last && (is_apostrophe(begin) || (t_[begin].is_word() && !t_[begin].cap &&
                                                           prepositions.count(t_[begin].fold))))
            ++begin;
          // "Réunion Clinique Multidisciplinaire", "Chefs de Clinique Assistants": no name in it
          // only adjectives and participles after the head ("Multidisciplinaire", "Assistants") make no
          // name; an ordinary noun does ("Hôpital Tenon", "la Citadelle")
          bool named = false;
          for (std::size_t k = begin; k <= last && !named; ++k) {
            const token& w = t_[k];
            if (!w.is_word() || !w.cap) continue;
            bool adjective = ordinary_only(w) && (ends_with(w.fold, "aire") || ends_with(w.fold, "ique") ||
                                                  ends_with(w.fold, "ale") || ends_with(w.fold, "ants") ||
                                                  ends_with(w.fold, "ents"));
            named = !adjective;
          }
          if (!named) continue;
          out.push_back({t_[begin].start, t_[last].end, p_institution});
          i = last;
          continue;
        }
        // "Centre de Santé Mentale" is a kind of place; "Centre de Santé de Belleville" has a name
        bool named = h != head::capitalised;
        for (std::size_t k = i + 1; k <= last && !named; ++k)
          named = t_[k].is_word() && t_[k].cap && !is_dictionary_word(t_[k].fold);
        if (!named) continue;
        if (i > 0 && t_[i - 1].is_word() && t_[i - 1].cap && joined(i) && !t_[i - 1].sentence_start &&
            !determiners().count(t_[i - 1].fold))
          --begin;  // "Psychiatrisch Centrum ..."
        out.push_back({t_[begin].start, t_[last].end, p_institution});
        i = last;
        continue;
      }
    }
    // "Isala kliniek", "Jefferson university hospital": a name, then the kind of place in lower case
    if (!t.cap && tail_words().count(t.fold) && t.fold != "centrum" && t.fold != "praktijk") {
      static const word_set between = make_set("university universitair universitaire academisch algemeen medisch regional");
      std::size_t b = i;
      while (b > 0 && i - b < 2 && t_[b - 1].is_word() && !t_[b - 1].cap && between.count(t_[b - 1].fold) && joined(b)) --b;
      if (b > 0 && joined(b) && t_[b - 1].name_like() && !ordinary_only(t_[b - 1]) && !determiners().count(t_[b - 1].fold) &&
          !not_name_words().count(t_[b - 1].fold)) {
        out.push_back({t_[b - 1].start, t.end, p_institution});
        continue;
      }
    }
    // "Jan Yperman Ziekenhuis", "Erasmus MC", "Sint-Jozefkliniek"
    if (institution_tail(t)) {
      std::size_t begin = i;
      while (begin > 0 && i - begin < 3 && t_[begin - 1].is_word() && t_[begin - 1].cap && joined(begin) &&
             !determiners().count(t_[begin - 1].fold))
        --begin;
      bool compound = t.fold.size() > 10 && institution_head(t) == head::none;
      // "Medisch Centrum", "Algemeen Ziekenhuis" alone are kinds of place: a name must be in it
      bool named = compound;
      for (std::size_t k = begin; k < i && !named; ++k) named = !ordinary_only(t_[k]);
      if ((begin < i && named) || compound) out.push_back({t_[begin].start, t.end, p_institution});
    }
  }
}

}  // namespace intervision::anonymiser
