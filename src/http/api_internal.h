// Internal to the http layer: the route groups and the helpers they share.
#pragma once

#include <boost/json.hpp>

#include "intervision/http/api.h"
#include "intervision/http/json.h"
#include "intervision/http/problem.h"
#include "intervision/store/catalogue_store.h"
#include "intervision/store/session_store.h"

namespace intervision {

void add_public_routes(router& r, std::shared_ptr<api_context> ctx);

boost::json::object labels_json(const labels& l);
boost::json::array strings_json(const std::vector<std::string>& v);

// A session as the public sees it (place "online" for online sessions unless reveal_place).
boost::json::object session_json(const session_row& s, const series_row* series, std::int64_t now, bool reveal_place);
bool registration_open(const session_row& s, std::int64_t now);
std::int64_t now_seconds(const api_context& ctx);
// Parses a positive integer id from a route parameter.
std::optional<std::int64_t> parse_id(const std::string& text);

}  // namespace intervision
