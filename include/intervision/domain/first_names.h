// first_names: an embedded list of common first names for Belgium's languages (Dutch, French,
// English, Moroccan, Turkish and a few other communities), used by the anonymiser to spot names
// nobody listed in advance.
//
// Both functions take a *folded* word: lower case, accents stripped (as anonymiser.cpp folds),
// for example "ines" for "Inès". The lists leave out names that are mostly ordinary words
// ("Hope", "May"); names that are also ordinary words but common as names ("Pierre", "Rose",
// "Ben") are first names *and* ambiguous: the anonymiser then asks the context before removing.
// Pure functions over static data; safe to call from any thread.
#pragma once

#include <string_view>
#include <unordered_set>

namespace intervision {

bool is_common_first_name(std::string_view folded);
bool is_ambiguous_first_name(std::string_view folded);

// The space-separated words of text as a set of views into it (text must outlive the set: the
// word lists here and in the anonymiser are string literals).
std::unordered_set<std::string_view> word_set_of(std::string_view text);

}  // namespace intervision
