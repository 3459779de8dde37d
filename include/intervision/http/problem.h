// problem: every error the API returns, as application/problem+json (RFC 9457):
// {type, title, status, detail} and, for validation failures, an "errors" object of
// field -> message code. Details never carry a stack trace, SQL or a file path.
#pragma once

#include <map>
#include <string>

#include "intervision/domain/status.h"
#include "intervision/http/message.h"

namespace intervision {

http_response problem(unsigned status, std::string detail, std::map<std::string, std::string> errors = {});
// Maps a status from a service to its HTTP status and body.
http_response problem_from(const status& s);
unsigned http_status_for(status_code code);

}  // namespace intervision
