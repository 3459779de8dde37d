// libFuzzer harness: the config parser. The input becomes intervision.toml in a temporary folder
// that also holds copies of the shipped series.toml, themes.toml and feedback.toml; load_config reads it with no
// environment and no flags.
// Checked properties:
//   - nothing crashes or trips ASan/UBSan, whatever the file holds (invalid TOML, wrong types,
//     huge numbers, deep tables, invalid UTF-8);
//   - a refusal is one line naming a key or the file; an accepted config has values in range
//     (port 1..65535 or 0, positive thread counts and limits, timeouts > 0).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "intervision/config/config.h"

#ifndef INTERVISION_SOURCE_DIR
#define INTERVISION_SOURCE_DIR "/work/main"
#endif

// A violated property aborts with its text and line, so libFuzzer keeps the input.
#define require(cond)                                                                   \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property violated at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

using namespace intervision;
namespace fs = std::filesystem;

namespace {

fs::path folder() {
  static fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("intervision-fuzz-config-" + std::to_string(::getpid()));
    fs::create_directories(d);
    fs::path src = INTERVISION_SOURCE_DIR;
    fs::copy_file(src / "config" / "series.toml", d / "series.toml", fs::copy_options::overwrite_existing);
    fs::copy_file(src / "config" / "themes.toml", d / "themes.toml", fs::copy_options::overwrite_existing);
    fs::copy_file(src / "config" / "feedback.toml", d / "feedback.toml", fs::copy_options::overwrite_existing);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  auto file = folder() / "intervision.toml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  config_overrides flags;
  flags.file = file;
  auto cfg = load_config(flags, {});
  if (!cfg) {
    auto error = cfg.error();
    const auto& m = error.message();
    require(!m.empty() && m.find('\n') == std::string::npos);
    return 0;
  }
  require(cfg->server.port >= 0 && cfg->server.port <= 65535);
  require(cfg->server.io_threads > 0 && cfg->server.worker_threads > 0);
  require(cfg->server.header_limit > 0 && cfg->server.body_limit > 0);
  require(cfg->server.read_timeout_ms > 0 && cfg->server.idle_timeout_ms > 0);
  require(cfg->storage.readers > 0);
  return 0;
}
