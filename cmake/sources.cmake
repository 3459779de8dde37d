# Explicit source lists: add each new file here.
set(INTERVISION_CORE_SOURCES
  src/net/server.cpp
  src/http/message.cpp
  src/http/router.cpp
  src/http/problem.cpp
  src/http/json.cpp
  src/http/static_files.cpp
  src/http/dispatcher.cpp
  src/http/api.cpp
  src/http/api_public.cpp
  src/store/session_store.cpp
  src/store/database.cpp
  src/store/db_pool.cpp
  src/store/catalogue_store.cpp
  src/domain/brussels_time.cpp
  src/app/config.cpp
  src/app/application.cpp
  src/app/cli.cpp
)

set(INTERVISION_TEST_SOURCES
  tests/http_test.cpp
  tests/config_test.cpp
  tests/store_test.cpp
  tests/support.cpp
)
