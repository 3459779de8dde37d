#include "intervision/http/static_files.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace intervision {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fnv1a_hex(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  if (path.find("//") != std::string_view::npos) return false;
  std::size_t i = 0;
  while (i < path.size()) {
    auto j = path.find('/', i + 1);
    auto seg = path.substr(i + 1, j == std::string_view::npos ? std::string_view::npos : j - i - 1);
    if (!seg.empty() && seg.front() == '.') return false;  // ".", "..", ".git", ".env"
    if (j == std::string_view::npos) break;
    i = j;
  }
  return true;
}

bool accepts_gzip(const http_request& r) {
  auto ae = r.header("accept-encoding");
  if (!ae) return false;
  // Good enough: "gzip" present and not explicitly refused with q=0.
  auto pos = ae->find("gzip");
  if (pos == std::string::npos) return false;
  auto rest = ae->substr(pos + 4, 8);
  return rest.rfind(";q=0", 0) != 0 || rest.rfind(";q=0.", 0) == 0;
}

// The text of an .html page with its include lines replaced by web/partials/NAME; `expanded`
// tells whether there were any. A missing or unsafe NAME is left as the comment it is (and the
// browser tests would show the missing part).
std::string expand_includes(const std::string& text, const fs::path& partials, bool& expanded) {
  std::string out;
  out.reserve(text.size() * 2);
  std::size_t i = 0;
  while (i < text.size()) {
    auto eol = text.find('\n', i);
    auto end = eol == std::string::npos ? text.size() : eol + 1;
    std::string_view line(text.data() + i, end - i);
    std::string_view t = line;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    constexpr std::string_view open = "<!--#include \"", close = "\" -->";
    bool done = false;
    if (t.size() > open.size() + close.size() && t.substr(0, open.size()) == open && t.substr(t.size() - close.size()) == close) {
      auto name = t.substr(open.size(), t.size() - open.size() - close.size());
      bool plain = !name.empty() && name.front() != '.' && name.find_first_of("/\\") == std::string_view::npos;
      std::error_code ec;
      auto file = partials / std::string(name);
      if (plain && fs::is_regular_file(file, ec)) {
        out += read_file(file);
        if (!out.empty() && out.back() != '\n') out += '\n';
        expanded = done = true;
      }
    }
    if (!done) out.append(line);
    i = end;
  }
  return out;
}

}  // namespace

std::string mime_type_for(std::string_view path) {
  auto dot = path.rfind('.');
  auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "woff2") return "font/woff2";
  if (ext == "webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

static_files static_files::load(const fs::path& root) {
  static_files out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    auto name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > 8 * 1024 * 1024) continue;
    auto rel = "/" + fs::relative(it->path(), root).generic_string();
    if (rel.size() > 3 && rel.ends_with(".gz")) continue;  // attached to its original below
    if (rel.rfind("/partials/", 0) == 0) continue;          // parts of pages, not pages
    file f;
    bool expanded = false;
    auto text = read_file(it->path());
    if (rel.ends_with(".html")) text = expand_includes(text, root / "partials", expanded);
    f.body = std::make_shared<const std::string>(std::move(text));
    f.content_type = mime_type_for(rel);
    f.etag = "\"" + fnv1a_hex(*f.body) + "\"";
    fs::path gz = it->path();
    gz += ".gz";
    if (!expanded && fs::is_regular_file(gz, ec)) f.gzip_body = std::make_shared<const std::string>(read_file(gz));
    out.files_.emplace(rel, std::move(f));
  }
  return out;
}

std::optional<http_response> static_files::serve(const http_request& request) const {
  std::string path = request.path;
  if (!safe_path(path)) return std::nullopt;
  if (path == "/") path = "/index.html";
  else if (path == "/privacy" || path == "/manage" || path == "/staff" || path == "/admin") path += ".html";
  else if (path.starts_with("/reports/") && path.find('/', 9) == std::string::npos) path = "/report.html";  // the printable report
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  const file& f = it->second;
  http_response res;
  res.route = "static";
  if (request.method != "GET" && request.method != "HEAD") {
    res.status = 405;
    res.content_type = "application/problem+json";
    res.body = R"({"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"Only GET and HEAD are allowed here."})";
    res.set("Allow", "GET, HEAD");
    return res;
  }
  bool gz = f.gzip_body && accepts_gzip(request);
  std::string etag = gz ? f.etag.substr(0, f.etag.size() - 1) + "-gz\"" : f.etag;
  res.set("ETag", etag);
  res.set("Vary", "Accept-Encoding");
  res.set("Cache-Control", path.ends_with(".html") ? "no-cache" : "public, max-age=300");
  auto inm = request.header("if-none-match");
  if (inm && (inm->find(etag) != std::string::npos || *inm == "*")) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  res.content_type = f.content_type;
  if (gz) {
    res.set("Content-Encoding", "gzip");
    res.shared_body = f.gzip_body;
  } else {
    res.shared_body = f.body;
  }
  return res;
}

}  // namespace intervision
