// network: the networks a client address belongs to, for cancelling the registrations of a
// seat squatter by address range. A registration keeps only keyed hashes of its two networks
// (registration_service), never the address: IPv4 /24 and /16, IPv6 /64 and /48.
#pragma once

#include <optional>
#include <string>

namespace intervision {

struct client_networks {
  std::string narrow;  // "203.0.113.0/24", "2001:db8:1:2::/64"
  std::string wide;    // "203.0.0.0/16", "2001:db8:1::/48"
};

// nullopt for text that is not an IP address (an IPv4-mapped IPv6 address counts as IPv4).
std::optional<client_networks> networks_of(const std::string& address);

// A range an admin types, written canonically: an IPv4 range /24 or /16, an IPv6 range /64 or
// /48, or a single address (its /24 or /64). nullopt for anything else (another prefix length,
// a malformed address), so a range is always one the registrations were hashed under.
std::optional<std::string> canonical_range(const std::string& text);

}  // namespace intervision
