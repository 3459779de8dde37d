// api: the route table of /api/v1, /healthz and /calendar, built over the services the
// application wires together. Handlers parse and check input, call the store through the
// db_pool (reads on the calling worker, writes queued to the writer) and render JSON.
#pragma once

#include <memory>

#include "intervision/app/config.h"
#include "intervision/domain/clock.h"
#include "intervision/http/router.h"

namespace intervision {

class db_pool;

struct api_context {
  const config* cfg = nullptr;
  const clock* clk = nullptr;
  db_pool* db = nullptr;
};

std::shared_ptr<router> make_api_router(std::shared_ptr<api_context> context);

}  // namespace intervision
