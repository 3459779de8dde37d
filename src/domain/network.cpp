#include "intervision/domain/network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace intervision {

namespace {

struct parsed {
  bool v4 = false;
  unsigned char bytes[16] = {};
};

std::optional<parsed> parse_address(std::string a) {
  if (a.size() > 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  parsed p;
  if (::inet_pton(AF_INET, a.c_str(), p.bytes) == 1) {
    p.v4 = true;
    return p;
  }
  if (::inet_pton(AF_INET6, a.c_str(), p.bytes) != 1) return std::nullopt;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(p.bytes, p.bytes + 12, mapped)) {
    std::memmove(p.bytes, p.bytes + 12, 4);
    std::fill(p.bytes + 4, p.bytes + 16, 0);
    p.v4 = true;
  }
  return p;
}

// The address's first `bits` bits (a multiple of 8), the rest zero, written with its length.
std::string prefix(const parsed& p, int bits) {
  unsigned char b[16] = {};
  std::copy(p.bytes, p.bytes + bits / 8, b);
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(p.v4 ? AF_INET : AF_INET6, b, text, sizeof text);
  return std::string(text) + "/" + std::to_string(bits);
}

}  // namespace

std::optional<client_networks> networks_of(const std::string& address) {
  auto p = parse_address(address);
  if (!p) return std::nullopt;
  if (p->v4) return client_networks{prefix(*p, 24), prefix(*p, 16)};
  return client_networks{prefix(*p, 64), prefix(*p, 48)};
}

std::optional<std::string> canonical_range(const std::string& text) {
  auto slash = text.find('/');
  auto p = parse_address(text.substr(0, slash));
  if (!p) return std::nullopt;
  if (slash == std::string::npos) return prefix(*p, p->v4 ? 24 : 64);
  auto length = text.substr(slash + 1);
  bool mapped = text.substr(0, slash).find(':') != std::string::npos && p->v4;
  if (mapped) return std::nullopt;  // an IPv4 range is written as IPv4
  if (p->v4 && (length == "24" || length == "16")) return prefix(*p, std::stoi(length));
  if (!p->v4 && (length == "64" || length == "48")) return prefix(*p, std::stoi(length));
  return std::nullopt;
}

}  // namespace intervision
