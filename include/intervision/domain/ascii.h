// ascii: case folding of ASCII letters only (emails, header names, media types, config words);
// bytes outside A-Z pass unchanged, so UTF-8 text is never damaged.
#pragma once

#include <string>

namespace intervision {

std::string lower_ascii(std::string s);

}  // namespace intervision
