#include "intervision/http/static_files.h"

#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <brotli/encode.h>
#include <fmt/format.h>
#include <zlib.h>

#include "intervision/http/page_language.h"

namespace intervision {

namespace fs = std::filesystem;

namespace {

constexpr const char* page_languages[] = {"fr", "nl", "en"};
constexpr const char* immutable = "public, max-age=31536000, immutable";

// Strings only the staff's pages use (sign-in, roll, notes, administration, report): left out of
// the strings the public pages load (/i18n/public.LANG.json).
bool staff_only_key(std::string_view key) {
  constexpr std::string_view prefixes[] = {"admin.", "notes.", "roll.",   "report.", "redact.",   "signin.",
                                           "staff.", "themes.", "walkin.", "password.", "staffrole."};
  for (auto p : prefixes)
    if (key.starts_with(p)) return true;
  return false;
}

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

// "gzip" or "br" present in Accept-Encoding and not refused with q=0.
bool accepts(const http_request& r, std::string_view coding) {
  auto ae = r.header("accept-encoding");
  if (!ae) return false;
  for (auto pos = ae->find(coding); pos != std::string::npos; pos = ae->find(coding, pos + 1)) {
    bool starts = pos == 0 || (*ae)[pos - 1] == ' ' || (*ae)[pos - 1] == ',';
    auto after = pos + coding.size();
    bool ends = after == ae->size() || (*ae)[after] == ',' || (*ae)[after] == ';' || (*ae)[after] == ' ';
    if (!starts || !ends) continue;
    auto rest = ae->substr(after, 8);
    return rest.rfind(";q=0", 0) != 0 || rest.rfind(";q=0.", 0) == 0;
  }
  return false;
}

// The text of an .html page with its include lines replaced by web/partials/NAME. A missing or
// unsafe NAME is left as the comment it is (and the browser tests would show the missing part).
std::string expand_includes(const std::string& text, const fs::path& partials) {
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
        done = true;
      }
    }
    if (!done) out.append(line);
    i = end;
  }
  return out;
}

bool compressible(std::string_view content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
         content_type.rfind("image/svg", 0) == 0 || content_type.rfind("application/manifest", 0) == 0;
}

std::shared_ptr<const std::string> gzip(const std::string& data, int level = Z_BEST_COMPRESSION) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return nullptr;
  return std::make_shared<const std::string>(std::move(out));
}

std::shared_ptr<const std::string> brotli(const std::string& data, int quality = BROTLI_MAX_QUALITY) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return nullptr;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size, reinterpret_cast<std::uint8_t*>(out.data())))
    return nullptr;
  out.resize(size);
  return std::make_shared<const std::string>(std::move(out));
}

// Every reference to our own scripts and styles carries ?v=VERSION: in pages, src="/js/x.js"
// and href="/css/x.css"; in scripts, module imports from './x.js'.
std::string with_versions(std::string text, bool html, const std::string& version) {
  std::string out;
  out.reserve(text.size() + 256);
  std::size_t i = 0;
  const std::string_view js_end = html ? ".js\"" : ".js'";
  while (i < text.size()) {
    auto js = text.find(js_end, i);
    auto css = html ? text.find(".css\"", i) : std::string::npos;
    auto at = std::min(js, css);
    if (at == std::string::npos) break;
    auto len = at == js ? 3 : 4;
    // Only our own files: "/..." in pages, "./..." in scripts.
    auto quote = text.find_last_of(html ? '"' : '\'', at);
    bool ours = quote != std::string::npos && text.compare(quote + 1, html ? 1 : 2, html ? "/" : "./") == 0 &&
                text.compare(quote + 1, 2, "//") != 0;
    out.append(text, i, at + len - i);
    if (ours) out += "?v=" + version;
    i = at + len;
  }
  out.append(text, i, std::string::npos);
  return out;
}

page_strings read_strings(const fs::path& file) {
  page_strings out;
  boost::json::error_code ec;
  auto v = boost::json::parse(read_file(file), ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, s] : v.as_object())
    if (s.is_string()) out.emplace(std::string(k), std::string(s.as_string()));
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

std::string preferred_encoding(const http_request& request) {
  if (accepts(request, "br")) return "br";
  if (accepts(request, "gzip")) return "gzip";
  return "";
}

std::shared_ptr<const std::string> encode_body(std::string_view body, const std::string& coding) {
  const std::string plain(body);
  if (coding == "br") return brotli(plain, 5);
  if (coding == "gzip") return gzip(plain, 6);
  return nullptr;
}

void compress_for(const http_request& request, http_response& response) {
  const std::string_view body = response.body_view();
  if (body.size() <= 256 || !compressible(response.content_type)) return;
  for (const auto& h : response.headers)
    if (h.first == "Content-Encoding") return;
  const auto coding = preferred_encoding(request);
  if (coding.empty()) return;
  if (auto packed = encode_body(body, coding)) use_encoded_body(response, coding, std::move(packed));
}

void use_encoded_body(http_response& response, const std::string& coding, std::shared_ptr<const std::string> packed) {
  response.set("Content-Encoding", coding);
  bool varied = false;
  for (auto& [name, value] : response.headers)
    if (name == "Vary") {
      value = "Accept-Encoding, " + value;
      varied = true;
    }
  if (!varied) response.set("Vary", "Accept-Encoding");
  response.body.clear();
  response.shared_body = std::move(packed);
}

static_files::variant static_files::make_variant(std::string body, const std::string& content_type) {
  variant v;
  v.body = std::make_shared<const std::string>(std::move(body));
  v.etag = fnv1a_hex(*v.body);
  if (compressible(content_type) && v.body->size() > 256) {
    v.gzip_body = gzip(*v.body);
    v.brotli_body = brotli(*v.body);
  }
  return v;
}

static_files static_files::load(const fs::path& root) {
  static_files out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  std::map<std::string, std::string> texts;  // rel -> content (includes expanded)
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    auto name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > 8 * 1024 * 1024) continue;
    auto rel = "/" + fs::relative(it->path(), root).generic_string();
    if (rel.size() > 3 && (rel.ends_with(".gz") || rel.ends_with(".br"))) continue;  // compressed here, at load
    if (rel.rfind("/partials/", 0) == 0) continue;                                    // parts of pages, not pages
    auto text = read_file(it->path());
    if (rel.ends_with(".html")) text = expand_includes(text, root / "partials");
    texts.emplace(rel, std::move(text));
  }
  // One version for the whole set: any change gives every script and style a new address.
  std::string all;
  for (const auto& [rel, text] : texts) all += rel + '\n' + fnv1a_hex(text) + '\n';
  out.version_ = fnv1a_hex(all).substr(0, 12);
  std::map<std::string, page_strings> strings;
  for (const char* l : page_languages) strings[l] = read_strings(root / "i18n" / (std::string(l) + ".json"));
  for (auto& [rel, text] : texts) {
    file f;
    f.content_type = mime_type_for(rel);
    bool html = rel.ends_with(".html");
    if (html || rel.ends_with(".js")) text = with_versions(std::move(text), html, out.version_);
    if (html) {
      for (const char* l : page_languages) f.variants.emplace(l, make_variant(translate_page(text, l, strings[l]), f.content_type));
    } else {
      f.variants.emplace("", make_variant(std::move(text), f.content_type));
    }
    out.files_.emplace(rel, std::move(f));
  }
  // The public pages load only the strings a participant can meet: every key but the staff's.
  for (const char* l : page_languages) {
    boost::json::object subset;
    for (const auto& [key, value] : strings[l])
      if (!staff_only_key(key)) subset[key] = value;
    if (subset.empty()) continue;
    file f;
    f.content_type = "application/json";
    f.variants.emplace("", make_variant(boost::json::serialize(subset), f.content_type));
    out.files_.emplace("/i18n/public." + std::string(l) + ".json", std::move(f));
  }
  return out;
}

std::optional<http_response> static_files::serve(const http_request& request) const { return serve(request, nullptr); }

std::optional<http_response> static_files::serve(const http_request& request, const page_filler& fill) const {
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
  const bool page = path.ends_with(".html");
  std::string language;
  if (page) {
    // ?lang= (a link that names the language), then the reader's cookie, then Accept-Language.
    auto asked = request.query_param("lang");
    language = (asked && (*asked == "fr" || *asked == "nl" || *asked == "en"))
                   ? *asked
                   : pick_page_language(request.header("cookie"), request.header("accept-language"));
  }
  auto vit = f.variants.find(language);
  if (vit == f.variants.end()) vit = f.variants.begin();
  variant filled;
  if (page && fill) {
    // Made for this request: compressed fast (quality 5 brotli, level 6 gzip: well under a
    // millisecond for a page) and only in the encoding the client takes.
    filled.body = std::make_shared<const std::string>(fill(language, *vit->second.body));
    filled.etag = fnv1a_hex(*filled.body);
    if (filled.body->size() > 256) {
      if (accepts(request, "br")) filled.brotli_body = brotli(*filled.body, 5);
      else if (accepts(request, "gzip")) filled.gzip_body = gzip(*filled.body, 6);
    }
  }
  const variant& v = page && fill ? filled : vit->second;
  const bool br = v.brotli_body && accepts(request, "br");
  const bool gz = !br && v.gzip_body && accepts(request, "gzip");
  std::string etag = "\"" + v.etag + (br ? "-br" : gz ? "-gz" : "") + "\"";
  res.set("ETag", etag);
  res.set("Vary", page ? "Accept-Encoding, Accept-Language, Cookie" : "Accept-Encoding");
  // Versioned addresses never change content; pages and unversioned ones are checked again.
  const bool versioned = request.query_param("v") == version_;
  res.set("Cache-Control", page ? "no-cache" : versioned ? immutable : "public, max-age=300");
  if (page) res.set("Content-Language", language);
  auto inm = request.header("if-none-match");
  if (inm && (inm->find(etag) != std::string::npos || *inm == "*")) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  res.content_type = f.content_type;
  if (br) {
    res.set("Content-Encoding", "br");
    res.shared_body = v.brotli_body;
  } else if (gz) {
    res.set("Content-Encoding", "gzip");
    res.shared_body = v.gzip_body;
  } else {
    res.shared_body = v.body;
  }
  return res;
}

}  // namespace intervision
