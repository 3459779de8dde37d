// Names: known names, names after titles, listed first names, capitalised pairs, echoes.
//
// find_names() runs each rule over the tokens and collects mentions (a run of tokens that is a
// name, with its given name and surname when it can tell them apart); keeps the longest, then the
// most trusted, without overlaps; decides who is who (so the same person gets the same number);
// and finally removes the lone words that echo a name found elsewhere in the note.
#include "intervision/domain/anonymiser/detail.h"

#include <algorithm>

#include "intervision/domain/first_names.h"

namespace intervision::anonymiser {

namespace {

using mention = note_scanner::mention;

struct person {
  std::string first;
  std::string last;         // last surname word
  std::string surname_key;  // all surname words joined
  bool known = false;
};

std::string join(const std::vector<std::string>& words, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

struct known_name {
  std::vector<std::string> words;  // folded word tokens of the full name
};

class name_finder {
 public:
  name_finder(const std::vector<token>& t, const note_scanner& sc) : t_(t), sc_(sc) {}

  void load_known(const std::vector<std::string>& names);
  void collect();
  void drop_false_mentions();
  void choose();
  void drop_cited_authors();
  void assign_persons();
  void echoes();
  void emit(std::vector<candidate>& out) const {
    for (const auto& m : chosen_) out.push_back({t_[m.first_tok].start, t_[m.last_tok].end, p_name, m.person});
    for (const auto& m : extra_known_) out.push_back({t_[m.first_tok].start, t_[m.last_tok].end, p_name, m.known});
  }

 private:
  std::vector<std::size_t> positions_of(const std::string& fold) const;
  std::size_t match_words(std::size_t i, const std::vector<std::string>& words) const;
  std::size_t extend_initial(std::size_t last) const;
  void known_mentions(std::size_t i);
  void title_mention(std::size_t i);
  void first_name_mention(std::size_t i);
  void kinship_mention(std::size_t i);
  void pair_mention(std::size_t i);
  void sentence_start_pair(std::size_t i);
  void caps_surname_mention(std::size_t i);
  void initial_mention(std::size_t i);
  void unknown_word_mention(std::size_t i);
  void particle_mention(std::size_t i);
  void line_name_mention(std::size_t i);
  bool false_mention(const mention& m) const;
  bool dose_after(std::size_t last) const;
  bool medicine_cue_before(std::size_t first) const;
  bool on_measurement_line(std::size_t i) const;
  bool author_gap(std::size_t after, std::size_t before, std::size_t& authors) const;
  bool reference_mark_near(std::size_t first, std::size_t last) const;
  bool name_signal(const token& w) const;
  bool given_name_like(std::size_t i) const;
  int find_by_surname(const std::vector<std::string>& surname, const std::string& given) const;
  int find_by_first(const std::string& given) const;
  int add_person(std::string first, const std::vector<std::string>& surname);

  const std::vector<token>& t_;
  const note_scanner& sc_;
  std::vector<known_name> known_;
  std::vector<person> persons_;
  std::vector<mention> mentions_;
  std::vector<mention> chosen_;
  std::vector<mention> extra_known_;  // known names a longer mention overlapped
  std::vector<char> taken_;
};

void name_finder::load_known(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    known_name k;
    for (const auto& x : tokenize(name))
      if (x.is_word()) k.words.push_back(x.fold);
    if (k.words.empty()) continue;
    person p;
    p.known = true;
    p.first = k.words.front();
    if (k.words.size() > 1) {
      p.last = k.words.back();
      p.surname_key = join(k.words, 1);
    }
    persons_.push_back(p);
    known_.push_back(std::move(k));
  }
}

// Positions of each capitalised word, to judge ambiguous words by their other uses.
std::vector<std::size_t> name_finder::positions_of(const std::string& fold) const {
  std::vector<std::size_t> pos;
  for (std::size_t i = 0; i < t_.size(); ++i)
    if (t_[i].is_word() && t_[i].cap && t_[i].fold == fold) pos.push_back(i);
  return pos;
}

// Matches word tokens only, consecutive in the text; returns the last token index or npos.
std::size_t name_finder::match_words(std::size_t i, const std::vector<std::string>& words) const {
  std::size_t j = i;
  for (std::size_t w = 0; w < words.size(); ++w, ++j) {
    if (j >= t_.size() || !t_[j].is_word() || t_[j].fold != words[w]) return npos;
    if (w > 0 && !sc_.joined(j)) return npos;
  }
  return j - 1;
}

// "Inès M.": the surname's initial goes too.
std::size_t name_finder::extend_initial(std::size_t last) const {
  if (sc_.at(last + 1) && t_[last + 1].is_word() && t_[last + 1].fold.size() == 1 && t_[last + 1].cap &&
      sc_.joined(last + 1) && sc_.punct_is(last + 2, ".") && sc_.attached(last + 2))
    return last + 2;
  return last;
}

// Rule 1: known names, whole ("Marie Dupont"), reversed ("Dupont Marie"), surname or first name alone.
void name_finder::known_mentions(std::size_t i) {
  const token& tk = t_[i];
  // in lower case ("theodore roux", "prénom : aziz") a known name still goes when it is whole, or
  // when its word is no ordinary word ("roux", "rose" alone stay)
  bool lower = !(tk.cap || tk.all_caps);
  if (lower && !tk.is_word()) return;
  for (std::size_t k = 0; k < known_.size(); ++k) {
    const auto& kn = known_[k];
    std::size_t last = npos;
    std::vector<std::string> given, surname;
    if (kn.words.size() > 1) {
      last = match_words(i, kn.words);
      if (last != npos) {
        given = {kn.words.front()};
        surname.assign(kn.words.begin() + 1, kn.words.end());
      } else {
        std::vector<std::string> reversed(kn.words.begin() + 1, kn.words.end());
        reversed.push_back(kn.words.front());
        last = match_words(i, reversed);
        if (last == npos) {
          std::vector<std::string> sur(kn.words.begin() + 1, kn.words.end());
          last = match_words(i, sur);
          if (last == npos && sur.size() > 1 && sur.back().size() >= 3) last = match_words(i, {sur.back()});
          if (last != npos) surname = sur;
        }
      }
    }
    if (last == npos && tk.fold == kn.words.front() && !(sc_.ambiguous(tk) && sc_.preceded_by_determiner(i))) {
      last = i;
      given = {kn.words.front()};
    }
    if (last == npos) continue;
    if (lower && last == i && (is_dictionary_word(tk.fold) || particles().count(tk.fold) || determiners().count(tk.fold)))
      continue;
    mentions_.push_back({i, extend_initial(last), given, surname, 0, static_cast<int>(k)});
  }
}

// Rule 2: after a title: "mevrouw Claessens", "M. Gilles Renard", "Dr Michel Lambrechts".
void name_finder::title_mention(std::size_t i) {
  std::size_t next = npos;
  if (!sc_.title_at(i, next) || next >= t_.size() || !sc_.joined(next)) return;
  std::vector<std::string> words;
  std::size_t last = sc_.take_name_words(next, true, 4, words);
  if (last == npos && t_[next].is_word() && t_[next].cap && t_[next].fold.size() == 1) {
    last = next;  // "Dr. A": the letter stands for the name
    words = {t_[next].fold};
  }
  if (last == npos || words.empty()) return;
  mention m{next, last, {}, {}, 1};
  if (words.size() >= 2 && !particles().count(words.front()) && words.front().find('\'') == std::string::npos) {
    m.given = {words.front()};
    m.surname.assign(words.begin() + 1, words.end());
  } else {
    m.surname = words;
  }
  mentions_.push_back(std::move(m));
}

// Rule 3: a first name from the list, with the capitalised words after it.
void name_finder::first_name_mention(std::size_t i) {
  const token& tk = t_[i];
  if (!sc_.first_name_token(i) || sc_.after_saint(i)) return;
  if (sc_.ambiguous(tk) && !sc_.ambiguous_is_name(i, positions_of(tk.fold))) return;
  std::vector<std::string> words;
  std::size_t last = i;
  if (sc_.at(i + 1) && sc_.joined(i + 1)) {
    std::size_t l = sc_.take_name_words(i + 1, false, 3, words);
    if (l != npos) last = l;
  }
  last = extend_initial(last);
  if (particles().count(tk.fold) && !words.empty()) {
    // "Ben Salah", "El Amrani": the particle belongs to the surname
    words.insert(words.begin(), tk.fold);
    mentions_.push_back({i, last, {}, words, 2});
  } else {
    mentions_.push_back({i, last, {tk.fold}, words, 2});
  }
}

// Rule 4b: a capitalised word right after a kinship or relation noun: "haar zoon Minh".
void name_finder::kinship_mention(std::size_t i) {
  const token& tk = t_[i];
  if (!(tk.name_like() && !tk.sentence_start && i > 0 && t_[i - 1].is_word() && !t_[i - 1].cap && sc_.joined(i) &&
        kinship_words().count(t_[i - 1].fold) && !not_name_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold)))
    return;
  std::vector<std::string> words;
  std::size_t last = sc_.take_name_words(i, false, 3, words);
  if (last == npos || words.empty()) return;
  mention m{i, last, {words.front()}, {}, 3};
  m.surname.assign(words.begin() + 1, words.end());
  mentions_.push_back(std::move(m));
}

// Rule 4: two or more capitalised words mid-sentence: "Xhevdet Krasniqi".
void name_finder::pair_mention(std::size_t i) {
  const token& tk = t_[i];
  if (!(tk.name_like() && !tk.sentence_start && tk.fold.size() >= 2 && !not_name_words().count(tk.fold) &&
        !sc_.preceded_by_determiner(i) && !title_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold) && !sc_.after_saint(i) &&
        !(i > 0 && t_[i - 1].is_word() && t_[i - 1].cap && sc_.joined(i))))
    return;
  std::size_t ttl = npos;
  bool after_title = i > 0 && sc_.title_at(i - 1, ttl);
  std::vector<std::string> words;
  std::size_t last = (sc_.at(i + 1) && sc_.joined(i + 1)) ? sc_.take_name_words(i + 1, false, 3, words) : npos;
  // Not when a longer capitalised run goes on (titles of works, institutions).
  bool run_goes_on =
      last != npos && sc_.at(last + 1) && t_[last + 1].is_word() && t_[last + 1].cap && sc_.joined(last + 1);
  // "Reprise Phase", "Loi Brieux-Simonet": a name does not open with an ordinary word
  bool ordinary = sc_.ordinary_only(tk) && !sc_.first_name_token(i);
  if (last != npos && !after_title && !run_goes_on && !ordinary) mentions_.push_back({i, last, {tk.fold}, words, 3});
}

// Rule 4c: the same two or three capitalised words at the start of a sentence, when what follows
// shows a person acting: "Xhevdet Krasniqi vertelde ...", "Oanh Tran a raconté ...".
// Not after an opener ("Later Karim came": rule 3 takes Karim alone), nor when only the second word
// is a listed first name.
void name_finder::sentence_start_pair(std::size_t i) {
  const token& tk = t_[i];
  if (!(tk.name_like() && tk.sentence_start && tk.fold.size() >= 2 && !not_name_words().count(tk.fold) &&
        !sentence_openers().count(tk.fold) && !title_words().count(tk.fold) && !particles().count(tk.fold) &&
        !determiners().count(tk.fold) && !sc_.after_saint(i) && sc_.at(i + 1) && sc_.joined(i + 1) &&
        t_[i + 1].name_like() && !not_name_words().count(t_[i + 1].fold) &&
        !(is_common_first_name(t_[i + 1].fold) && !is_common_first_name(tk.fold))))
    return;
  std::vector<std::string> words;
  std::size_t last = sc_.take_name_words(i + 1, false, 3, words);
  const token* next = last != npos ? sc_.at(last + 1) : nullptr;
  bool acting = next && sc_.joined(last + 1) && next->is_word() && !next->cap && verb_hints().count(next->fold);
  bool ordinary = last == i + 1 && sc_.ordinary_only(tk) && sc_.ordinary_only(t_[i + 1]);
  if (last != npos && acting && !ordinary) mentions_.push_back({i, last, {tk.fold}, words, 3});
}

// A word that can be the given name beside a surname in capitals: a listed first name (in any
// case: "Michel", "THIERRY"), or a capitalised word the word lists do not know ("Zulmira").
bool name_finder::given_name_like(std::size_t i) const {
  if (i >= t_.size() || !t_[i].is_word() || !t_[i].cap || t_[i].fold.size() < 2) return false;
  const token& w = t_[i];
  if (is_common_first_name(w.fold)) return !w.all_caps || !is_dictionary_word(w.fold);
  if (w.all_caps) return sc_.caps_surname(w);
  return !sc_.ordinary_only(w) && !not_name_words().count(w.fold) && !title_words().count(w.fold) &&
         !particles().count(w.fold) && !determiners().count(w.fold) && !sentence_openers().count(w.fold);
}

// Rule 5: surnames in capitals: "DUBOIS Michel", "AID MERGHAD, ZINEDINE", "DE LUCA Roberta",
// "TRAVIS GUILLAUMET" (two such words). The given name after it goes with it.
void name_finder::caps_surname_mention(std::size_t i) {
  std::size_t j = i, caps = 0;
  if (i > 0 && t_[i - 1].all_caps && sc_.joined(i) && (sc_.caps_surname(t_[i - 1]) || particles().count(t_[i - 1].fold)))
    return;  // not from the middle of a run
  std::string caps_given;  // "MARIE PORILO": a listed first name in capitals inside the run
  while (j < t_.size() && j < i + 4 && (j == i || sc_.joined(j)) && t_[j].all_caps) {
    bool surname_word = sc_.caps_surname(t_[j]);
    bool particle = particles().count(t_[j].fold) && j + 1 < t_.size() && sc_.caps_surname(t_[j + 1]);
    bool given = caps_given.empty() && is_common_first_name(t_[j].fold) && !not_name_words().count(t_[j].fold);
    if (!surname_word && !particle && !given) break;
    if (surname_word) ++caps;
    else if (given) caps_given = t_[j].fold;
    ++j;
  }
  // "MARTIN Edouard", "GROS" after "Alexis": a capitalised ordinary word is a surname beside a
  // listed first name
  bool listed_after = j == i && t_[i].all_caps && t_[i].fold.size() >= 3 && !not_name_words().count(t_[i].fold) &&
                      !title_words().count(t_[i].fold) && sc_.at(i + 1) && sc_.joined(i + 1) &&
                      t_[i + 1].name_like() && is_common_first_name(t_[i + 1].fold);
  bool listed_before = j == i && t_[i].all_caps && t_[i].fold.size() >= 3 && !not_name_words().count(t_[i].fold) &&
                       !title_words().count(t_[i].fold) && i > 0 && sc_.joined(i) && t_[i - 1].name_like() &&
                       is_common_first_name(t_[i - 1].fold) && !sc_.ambiguous(t_[i - 1]);
  if (listed_after || listed_before) {
    j = i + 1;
    caps = 1;
  }
  if (caps == 0) return;
  if (!caps_given.empty() && j - i >= 2) {
    mentions_.push_back({i, j - 1, {caps_given}, {t_[j - 1].fold}, 2});
    return;
  }
  std::vector<std::string> surname;
  for (std::size_t k = i; k < j; ++k) surname.push_back(t_[k].fold);
  std::size_t g = j;
  if (sc_.punct_is(g, ",") && sc_.joined(g + 1)) ++g;
  if (g < t_.size() && sc_.joined(g) && given_name_like(g)) {
    mentions_.push_back({i, g, {t_[g].fold}, surname, 2});
    return;
  }
  bool after_given = i > 0 && sc_.joined(i) && given_name_like(i - 1);
  if (after_given)
    mentions_.push_back({i - 1, j - 1, {t_[i - 1].fold}, surname, 2});  // "Dominique LEFEBVRE"
  else if (caps >= 2)
    mentions_.push_back({i, j - 1, {}, surname, 3});
}

// Rule 6: initials and a surname: "J. Janssens", "A.B. Visser", "P-A. POULMANI", "A van der Sluis".
void name_finder::initial_mention(std::size_t i) {
  std::size_t e = sc_.initials_end(i);
  std::size_t next = e == npos ? i + 1 : e + 1;
  if (next >= t_.size() || !sc_.joined(next) || !t_[next].is_word()) return;
  const token& n = t_[next];
  if (e == npos) {
    // without a dot only before a particle: "A de Jong", "A van der Sluis"
    if (t_[i].fold.size() != 1 || !t_[i].cap || !particles().count(n.fold)) return;
  } else if (!n.cap && !particles().count(n.fold) && sc_.particle_abbreviation_end(next) == npos) {
    return;
  } else if (n.cap && !n.all_caps && is_dictionary_word(n.fold) && !is_common_first_name(n.fold) && i > 0 &&
             t_[i - 1].is_word() && !t_[i - 1].cap && sc_.joined(i)) {
    return;  // "optie B. Dat is ...": an ordinary word after a letter, mid-sentence
  }
  std::vector<std::string> words;
  std::size_t last = sc_.take_name_words(next, true, 4, words);
  if (last == npos || words.empty()) return;
  // "B. Claes Neuroloog": an ordinary word after the surname is not part of it
  while (words.size() >= 2 && last > next && t_[last].is_word() && !t_[last].all_caps && sc_.ordinary_only(t_[last])) {
    words.pop_back();
    --last;
  }
  // "M. Dupont": a French title, not an initial; the span starts at the name
  std::size_t first = i;
  if (t_[i].fold == "m" && e != npos) first = e == i + 1 ? next : i + 2;  // "M. A. DE ROCHEFORT"
  mentions_.push_back({first, last, {}, words, 2});
}

// Rule 7: one capitalised word mid-sentence that no word list knows ("ze belde Barnabé"), or one
// at a sentence start that a verb shows acting ("Barnabé passe beaucoup de temps ...").
void name_finder::unknown_word_mention(std::size_t i) {
  const token& w = t_[i];
  // "Wiegmans kwam te laat": a word the lists know only capitalised, acting
  if (w.name_like() && w.sentence_start && w.fold.size() >= 3 && is_dictionary_proper_noun(w.fold) &&
      !is_dictionary_word(w.fold) &&
      !not_name_words().count(w.fold) && !sentence_openers().count(w.fold) && !title_words().count(w.fold) &&
      !determiners().count(w.fold) && !particles().count(w.fold) && sc_.at(i + 1) && sc_.joined(i + 1) &&
      t_[i + 1].is_word() && !t_[i + 1].cap && verb_hints().count(t_[i + 1].fold)) {
    mentions_.push_back({i, i, {w.fold}, {}, 3});
    return;
  }
  if (!w.name_like() || w.fold.size() < 3 || !sc_.unknown_word(w) || is_dictionary_proper_noun(w.fold) ||
      sc_.medical_term(w))
    return;
  if (sc_.preceded_by_determiner(i) || sc_.after_saint(i)) return;
  if (sc_.at(i + 1) && t_[i + 1].is_number() && sc_.joined(i + 1)) return;  // "Type 2", "Ward 3"
  if (i > 0 && t_[i - 1].is_word() && t_[i - 1].cap && sc_.joined(i) && !t_[i - 1].sentence_start) return;
  if (w.sentence_start) {
    const token* n = sc_.at(i + 1);
    if (!n || !sc_.joined(i + 1) || !n->is_word() || n->cap || !verb_hints().count(n->fold)) return;
  }
  mentions_.push_back({i, i, {w.fold}, {}, 3});
}

// Rule 8: a surname that opens with its particle, even in lower case: "van der Sluis", "v/d Sluis",
// "El Ahmadi", "Visser-de Jong". The word after the particles must not be an ordinary word or a
// place on the lists ("van Gent" stays).
void name_finder::particle_mention(std::size_t i) {
  static const word_set openers = make_set("van von ter ten vd vander vanden el al ben ibn abu bou");
  const token& w = t_[i];
  std::size_t j = i + 1;
  bool hyphenated = w.cap && !w.all_caps && (ends_with(w.fold, "-de") || ends_with(w.fold, "-van"));
  if (w.fold == "v" && sc_.punct_is(i + 1, "/") && sc_.word_is(i + 2, "d") && sc_.attached(i + 2)) j = i + 3;  // v/d
  else if (!openers.count(w.fold) && !hyphenated) return;
  if (i > 0 && t_[i - 1].is_word() && t_[i - 1].cap && sc_.joined(i)) return;  // inside a longer name
  // "de gevangenis van Merksplas", "het ziekenhuis van Lier": a place, not a surname
  static const word_set places = make_set(
      "gevangenis ziekenhuis kliniek gemeente stad provincie regio dorp universiteit hogeschool rechtbank "
      "politie parket centrum instelling gemeenschapsinstelling");
  if (i > 0 && !w.cap && t_[i - 1].is_word() && places.count(t_[i - 1].fold) && sc_.joined(i)) return;
  // "van der Sluis", and all capitalised: "Van Der Sluis"
  while (j < t_.size() && j < i + 4 && sc_.joined(j) && t_[j].is_word() && (!t_[j].cap || (w.cap && !t_[j].all_caps)) &&
         particles().count(t_[j].fold))
    ++j;
  if (j >= t_.size() || !sc_.joined(j)) return;
  const token& n = t_[j];
  if (!n.is_word() || !n.cap || n.fold.size() < 2 || sc_.ordinary_only(n) || not_name_words().count(n.fold)) return;
  if (n.all_caps && !sc_.caps_surname(n)) return;
  std::vector<std::string> surname;
  for (std::size_t k = i; k <= j; ++k)
    if (t_[k].is_word()) surname.push_back(t_[k].fold);
  mentions_.push_back({i, j, {}, surname, 3});
}

// A word that speaks for a name: a listed first name or a word the lists know only capitalised
// ("Wiegmans"), when no list knows it in lower case ("Noord", "Elke", "Hart" are ordinary words
// too); a hyphenated word with a first name in it ("Jan-Wiebren").
bool name_finder::name_signal(const token& w) const {
  if (is_dictionary_word(w.fold)) return false;
  if (is_common_first_name(w.fold) || is_dictionary_proper_noun(w.fold)) return true;
  std::size_t dash = w.fold.find('-');
  if (dash == std::string::npos) return false;
  std::string_view f = w.fold;
  return is_common_first_name(f.substr(0, dash)) || is_common_first_name(f.substr(f.rfind('-') + 1));
}

// Rule 9: a line that holds only a name, as under a signature or in a list of who came:
// "Wiegmans", "Groot Wassink", "Jan-Wiebren". One to three capitalised words (particles between),
// one of them a name signal, none an ordinary word only, a title, a heading or an opener.
void name_finder::line_name_mention(std::size_t i) {
  if (i > 0 && !t_[i].newline_before) return;
  std::size_t j = i;
  int words = 0;
  bool signal = false;
  std::vector<std::string> folds;
  while (j < t_.size() && (j == i || !t_[j].newline_before) && t_[j].is_word()) {
    const token& w = t_[j];
    bool particle = !w.cap && particles().count(w.fold);
    if (!particle) {
      if (!w.name_like() || w.fold.size() < 2 || ++words > 3) return;
      if (not_name_words().count(w.fold) || title_words().count(w.fold) || sentence_openers().count(w.fold) ||
          sc_.medical_term(w) ||
          determiners().count(w.fold) || (sc_.ordinary_only(w) && !is_dictionary_proper_noun(w.fold)))
        return;
      signal = signal || name_signal(w);
    }
    folds.push_back(w.fold);
    ++j;
  }
  // the line may end with a comma or a full stop, nothing else
  if (j < t_.size() && !t_[j].newline_before && !((sc_.punct_is(j, ",") || sc_.punct_is(j, ".")) &&
                                                  (j + 1 >= t_.size() || t_[j + 1].newline_before)))
    return;
  if (!signal || words == 0 || !t_[j - 1].cap) return;
  mention m{i, j - 1, {}, {}, 3};
  if (words == 1) {
    m.given = folds;
  } else {
    m.given = {folds.front()};
    m.surname.assign(folds.begin() + 1, folds.end());
  }
  mentions_.push_back(std::move(m));
}

// What looked like a name and is not: a law, a disease or a test named after someone ("la Loi
// Veil", "ziekte van Huntington"), a firm ("Biotisto Inc", "MedicoDevices"), a product written in
// camel case (not after a title: "Dr BouclieMirelle" is two names run together), "le Président"
// after a title. Known names are never dropped.
bool name_finder::false_mention(const mention& m) const {
  static const word_set eponym_heads = make_set(
      "loi wet law act decret decreet syndrome syndroom maladie ziekte disease test echelle schaal score "
      "methode methode signe teken reflexe reflex");
  static const word_set firm_words = make_set(
      "inc ltd llc gmbh corp corporation sa nv bv bvba sprl srl sas sarl vzw asbl plc ag company");
  if (m.rank == 0) return false;
  std::size_t first = m.first_tok, last = m.last_tok;
  for (std::size_t k = first; k <= last; ++k) {
    if (!t_[k].is_word()) continue;
    if (sc_.code_word(t_[k])) return true;  // "Vitamin B12", "T21"
    if (firm_words.count(t_[k].fold) || (m.rank > 1 && (sc_.camel_case(k) || sc_.medical_term(t_[k])))) return true;
    if (k == first && eponym_heads.count(t_[k].fold) && t_[k].cap) return true;  // "Loi Brieux-Simonet"
  }
  std::size_t n = last + 1;
  if (sc_.punct_is(n, ",")) ++n;
  if (sc_.at(n) && sc_.joined(n) && t_[n].is_word() && firm_words.count(t_[n].fold)) return true;
  // "la loi Veil", "maladie de Crohn", "ziekte van Huntington", "syndrome d'Asperger"
  std::size_t b = first;
  if (b > 0 && (t_[b - 1].is_word() && (t_[b - 1].fold == "de" || t_[b - 1].fold == "van" || t_[b - 1].fold == "of")))
    --b;
  else if (b > 1 && sc_.is_apostrophe(b - 1) && t_[b - 2].fold == "d")
    b -= 2;
  if (b > 0 && t_[b - 1].is_word() && eponym_heads.count(t_[b - 1].fold)) return true;
  // "Risperdal 2 mg", "traitement par Nifurtimox", "behandeling met Seroquel": a medicine
  if (m.rank > 1 && (dose_after(last) || (m.rank > 2 && first == last && medicine_cue_before(first)))) return true;
  // "Créatinine 129 µmol/L", "│Cholestéraze total │ 31 g/L │": a line of laboratory results names
  // tests, not persons (the weakest guesses only; a name after a title or from the lists stays)
  if (m.rank > 2 && on_measurement_line(first)) return true;
  // "Monsieur le Président": a title, an article and an ordinary word
  if (m.rank == 1 && (t_[first].fold == "le" || t_[first].fold == "la" || t_[first].fold == "les") &&
      is_dictionary_word(t_[last].fold) && !is_common_first_name(t_[last].fold))
    return true;
  return false;
}

// A dose after the word: "2 mg", "0,5 mg", "75 µg", "20 gouttes", "10 ml".
bool name_finder::dose_after(std::size_t last) const {
  static const word_set units = make_set(
      "mg mcg ug \u00b5g \u03bcg g ml ui iu ie gouttes druppels drops comprimes comprime tabletten tablets cp");
  std::size_t k = last + 1;
  if (!sc_.at(k) || !t_[k].is_number() || !sc_.joined(k)) return false;
  ++k;
  if ((sc_.punct_is(k, ",") || sc_.punct_is(k, ".")) && sc_.attached(k) && sc_.at(k + 1) && t_[k + 1].is_number() &&
      sc_.attached(k + 1))
    k += 2;
  return sc_.at(k) && sc_.joined(k) && t_[k].is_word() && units.count(t_[k].fold) > 0;
}

// "traitement par X", "traité par X", "sous X", "behandeling met X", "treated with X": what follows
// is a medicine.
bool name_finder::medicine_cue_before(std::size_t first) const {
  if (first == 0 || !t_[first - 1].is_word() || !sc_.joined(first)) return false;
  const std::string& p = t_[first - 1].fold;
  if (p == "sous") return true;
  if (first < 2 || !t_[first - 2].is_word() || !sc_.joined(first - 1)) return false;
  const std::string& q = t_[first - 2].fold;
  if (p == "par") return q == "traitement" || q == "traite" || q == "traitee";
  if (p == "met") return q == "behandeling" || q == "behandeld" || q == "medicatie";
  if (p == "with") return q == "treated" || q == "treatment";
  return false;
}

// The line of token i holds a measurement with its unit: "g/L", "mmol/l", "µmol/L", "mg/dl", "UI/L".
bool name_finder::on_measurement_line(std::size_t i) const {
  static const word_set numerators = make_set(
      "g mg \u00b5g ug ng pg mmol \u00b5mol umol mol dmol nmol ui u meq");
  static const word_set denominators = make_set("l dl ml");
  std::size_t b = i;
  while (b > 0 && !t_[b].newline_before) --b;
  for (std::size_t k = b; k < t_.size() && (k == b || !t_[k].newline_before); ++k)
    if (t_[k].is_word() && numerators.count(t_[k].fold) && sc_.punct_is(k + 1, "/") && sc_.attached(k + 1) &&
        sc_.at(k + 2) && sc_.attached(k + 2) && t_[k + 2].is_word() && denominators.count(t_[k + 2].fold))
      return true;
  return false;
}

void name_finder::drop_false_mentions() {
  mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(), [&](const mention& m) { return false_mention(m); }),
                  mentions_.end());
}

void name_finder::collect() {
  for (std::size_t i = 0; i < t_.size(); ++i) {
    if (!t_[i].is_word()) continue;
    known_mentions(i);
    title_mention(i);
    first_name_mention(i);
    kinship_mention(i);
    pair_mention(i);
    sentence_start_pair(i);
    caps_surname_mention(i);
    initial_mention(i);
    unknown_word_mention(i);
    particle_mention(i);
    line_name_mention(i);
  }
}

// Keep the longest mentions, then the most trusted, without overlaps.
void name_finder::choose() {
  std::vector<std::size_t> order(mentions_.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = mentions_[a];
    const auto& y = mentions_[b];
    std::size_t lx = t_[x.last_tok].end - t_[x.first_tok].start, ly = t_[y.last_tok].end - t_[y.first_tok].start;
    if (lx != ly) return lx > ly;
    if (x.rank != y.rank) return x.rank < y.rank;
    return x.first_tok < y.first_tok;
  });
  taken_.assign(t_.size(), 0);
  for (std::size_t k : order) {
    const auto& m = mentions_[k];
    bool free = true;
    for (std::size_t j = m.first_tok; j <= m.last_tok && free; ++j) free = !taken_[j];
    if (!free) {
      // a known name overlapped by a longer guess ("ALLARD [Michèle Contacter]") goes too, with it
      if (m.rank == 0) extra_known_.push_back(m);
      continue;
    }
    for (std::size_t j = m.first_tok; j <= m.last_tok; ++j) taken_[j] = 1;
    chosen_.push_back(m);
  }
  std::sort(chosen_.begin(), chosen_.end(), [](const mention& a, const mention& b) { return a.first_tok < b.first_tok; });
}

// Between two authors of a citation: commas, initials ("EH", "M."), "and", "et al.", other
// capitalised authors the rules did not take ("Büchner T,"), counted in `authors`; a separator at
// least; nothing else.
bool name_finder::author_gap(std::size_t after, std::size_t before, std::size_t& authors) const {
  static const word_set connectors = make_set("and et a en und y e");
  if (before <= after || before - after > 11) return false;
  bool separator = false;
  std::size_t more = 0;
  for (std::size_t k = after + 1; k < before; ++k) {
    const token& g = t_[k];
    if (g.kind == token_kind::punct) {
      if (g.fold == "," || g.fold == ";" || g.fold == "&") separator = true;
      else if (g.fold != "." && g.fold != "-" && g.fold != "\u2013") return false;
      continue;
    }
    if (!g.is_word()) return false;
    if (!g.cap) {
      if (!connectors.count(g.fold) && !(g.fold == "al" && t_[k - 1].fold == "et")) return false;
      separator = true;
      continue;
    }
    // an initial, initials in capitals, or a capitalised name
    if (g.all_caps && g.fold.size() > 3 && !sc_.caps_surname(g)) return false;
    if (g.fold.size() > 3 || (!g.all_caps && g.fold.size() > 1 && !sc_.punct_is(k + 1, "."))) ++more;
  }
  if (separator) authors += more;
  return separator;
}

// A mark of a reference near a list of names: "et al.", a volume with its issue ("115(3):453"), a
// publisher, an edition, a DOI or PMID. Not a year in brackets: a list of who came may end with one.
bool name_finder::reference_mark_near(std::size_t first, std::size_t last) const {
  static const word_set marks = make_set(
      "verlag press editions edition publisher publishing doi pmid isbn issn journal vol pp uitgeverij");
  std::size_t from = first > 40 ? first - 40 : 0, to = std::min(t_.size(), last + 41);
  for (std::size_t k = from; k < to; ++k) {
    const token& w = t_[k];
    if (w.is_word() && (marks.count(w.fold) || (w.fold == "al" && k > 0 && t_[k - 1].fold == "et"))) return true;
    if (w.is_number() && sc_.punct_is(k + 1, "(") && sc_.attached(k + 1) && sc_.at(k + 2) && t_[k + 2].is_number() &&
        sc_.punct_is(k + 3, ")"))
      return true;  // 115(3)
  }
  return false;
}

// Authors of a cited work ("Döhner H, Estey EH, Amadori S, ... Blood. 2010;115(3):453-74", "Tannier
// X, Wajsbürt P, ... et al.") are not the persons of the note: four authors or more in a row (found
// as names, or capitalised between them), with only commas, initials and "and" between them, and a
// mark of a reference near. A list of who came
// ("Présents : R. Martin, E. Dubois, ...") has no such mark and keeps its names removed; known
// names always go. The authors' words stay taken, so no echo removes them either.
void name_finder::drop_cited_authors() {
  std::vector<char> drop(chosen_.size(), 0);
  for (std::size_t k = 0; k < chosen_.size();) {
    std::size_t e = k, authors = 1;
    while (e + 1 < chosen_.size() && author_gap(chosen_[e].last_tok, chosen_[e + 1].first_tok, authors)) {
      ++e;
      ++authors;
    }
    if (authors >= 4 && reference_mark_near(chosen_[k].first_tok, chosen_[e].last_tok))
      for (std::size_t m = k; m <= e; ++m) drop[m] = chosen_[m].rank != 0;
    k = e + 1;
  }
  std::size_t out = 0;
  for (std::size_t k = 0; k < chosen_.size(); ++k)
    if (!drop[k]) chosen_[out++] = chosen_[k];
  chosen_.resize(out);
}

int name_finder::find_by_surname(const std::vector<std::string>& surname, const std::string& given) const {
  if (surname.empty()) return -1;
  std::string key = join(surname);
  const std::string& last = surname.back();
  for (std::size_t p = 0; p < persons_.size(); ++p) {
    const auto& ps = persons_[p];
    bool same = (!ps.surname_key.empty() && ps.surname_key == key) || (!ps.last.empty() && ps.last == last);
    if (!same) continue;
    if (!given.empty() && !ps.first.empty() && ps.first != given) continue;
    return static_cast<int>(p);
  }
  return -1;
}

int name_finder::find_by_first(const std::string& given) const {
  for (std::size_t p = 0; p < persons_.size(); ++p)
    if (persons_[p].first == given) return static_cast<int>(p);
  return -1;
}

int name_finder::add_person(std::string first, const std::vector<std::string>& surname) {
  person np;
  np.first = std::move(first);
  if (!surname.empty()) {
    np.last = surname.back();
    np.surname_key = join(surname);
  }
  persons_.push_back(np);
  return static_cast<int>(persons_.size() - 1);
}

// Who is who: known names first, then full names, then single words.
void name_finder::assign_persons() {
  for (auto& m : chosen_)
    if (m.rank == 0) m.person = m.known;
  for (auto& m : chosen_) {
    if (m.person >= 0 || m.surname.empty() || m.given.empty()) continue;
    int p = find_by_surname(m.surname, m.given.front());
    if (p < 0)
      p = add_person(m.given.front(), m.surname);
    else if (persons_[p].first.empty())
      persons_[p].first = m.given.front();
    m.person = p;
  }
  for (auto& m : chosen_) {
    if (m.person >= 0) continue;
    int p = -1;
    if (!m.surname.empty()) {
      p = find_by_surname(m.surname, "");
      if (p < 0 && m.surname.size() == 1) p = find_by_first(m.surname.front());
      if (p < 0) p = add_person("", m.surname);
    } else if (!m.given.empty()) {
      p = find_by_first(m.given.front());
      if (p < 0) p = find_by_surname({m.given.front()}, "");
      if (p < 0) p = add_person(m.given.front(), {});
    }
    m.person = p;
  }
}

// Echoes: a name found once ("Steven Clarke") also goes where it appears alone ("Clarke").
void name_finder::echoes() {
  for (std::size_t i = 0; i < t_.size(); ++i) {
    if (taken_[i] || !t_[i].is_word() || !(t_[i].cap || t_[i].all_caps) || t_[i].fold.size() < 2) continue;
    if (not_name_words().count(t_[i].fold) || particles().count(t_[i].fold)) continue;
    for (std::size_t p = 0; p < persons_.size(); ++p) {
      const auto& ps = persons_[p];
      if (ps.known) continue;  // known names were matched above
      if (t_[i].fold == ps.last || t_[i].fold == ps.first) {
        if (sc_.ambiguous(t_[i]) && !sc_.ambiguous_is_name(i, positions_of(t_[i].fold))) break;
        chosen_.push_back({i, i, {}, {}, 4, -1, static_cast<int>(p)});
        taken_[i] = 1;
        break;
      }
    }
  }
}

}  // namespace

void find_names(const std::vector<token>& t, const note_scanner& sc, const redaction_options& options,
                std::vector<candidate>& out) {
  name_finder f(t, sc);
  f.load_known(options.known_names);
  f.collect();
  f.drop_false_mentions();
  f.choose();
  f.drop_cited_authors();
  f.assign_persons();
  f.echoes();
  f.emit(out);
}

}  // namespace intervision::anonymiser
