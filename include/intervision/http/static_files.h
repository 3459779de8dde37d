// static_files: the pages, styles and scripts of web/, loaded into memory at start so that
// serving them touches no file system at request time: a path can only name a file that was
// loaded, which makes traversal impossible by construction; the path checks still refuse
// "..", dot-files, backslashes and NUL with 404. GET and HEAD, MIME types from the extension,
// strong ETags with If-None-Match -> 304. Page routes: "/" -> index.html, "/privacy" ->
// privacy.html, "/manage", "/staff", "/admin" likewise.
//
// Shared page parts without a build step: in an .html file, a line holding only
// <!--#include "NAME" --> is replaced at load by web/partials/NAME (itself an .html fragment;
// no nesting, NAME a plain file name). The partials folder is not served.
//
// At load, every page is also rendered in French, Dutch and English (page_language.h, strings
// from web/i18n/*.json) and served in the request's language (?lang=, the intervision_lang
// cookie, Accept-Language); text files are compressed with brotli and gzip (zlib) once, and
// served compressed to clients that accept it (.gz/.br files on disk are ignored). Pages refer
// to our scripts and styles as NAME?v=VERSION (VERSION: a hash of every loaded file), and
// scripts import each other likewise; a request carrying the current version is cached for a
// year (immutable), others for 5 minutes, pages are revalidated (no-cache).
//
// A page with a part that changes (the start page's session list, rendered on the server by
// pages_public.cpp) is served through serve(request, fill): fill(language, page) returns the
// page's text with that part filled in; its ETag is the hash of that text, and it is compressed
// per request (brotli at a fast quality, else gzip) for clients that accept it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "intervision/http/message.h"

namespace intervision {

class static_files {
 public:
  // Loads every regular file under root (dot-files skipped). Files larger than 8 MiB are skipped.
  static static_files load(const std::filesystem::path& root);

  // nullopt when the path is not one of ours (the caller answers 404).
  std::optional<http_response> serve(const http_request& request) const;
  using page_filler = std::function<std::string(const std::string& language, const std::string& page)>;
  std::optional<http_response> serve(const http_request& request, const page_filler& fill) const;
  std::size_t size() const { return files_.size(); }
  const std::string& version() const { return version_; }

 private:
  struct variant {
    std::shared_ptr<const std::string> body;
    std::string etag;                                // hash of body, without quotes
    std::shared_ptr<const std::string> gzip_body;    // null when not worth compressing
    std::shared_ptr<const std::string> brotli_body;  // likewise
  };
  struct file {
    std::string content_type;
    std::map<std::string, variant> variants;  // pages: "fr", "nl", "en"; other files: ""
  };
  static variant make_variant(std::string body, const std::string& content_type);
  std::map<std::string, file> files_;  // key: "/css/site.css"
  std::string version_;
};

std::string mime_type_for(std::string_view path);

// A page made for one request (rendered on the server) compressed for the client that accepts it:
// brotli at a fast quality, else gzip; Content-Encoding set and Accept-Encoding added to Vary.
// Bodies of 256 bytes or less, and types that do not compress, stay as they are. Only for
// answers that hold no secret (BREACH): public pages and listings.
void compress_for(const http_request& request, http_response& response);
// Its parts, for a cache that keeps an answer's compressed forms (api_public's listings):
// the coding compress_for picks for this request ("br", "gzip", or "" for neither), the body
// compressed with it (nullptr when it cannot be), and the answer made to carry it.
std::string preferred_encoding(const http_request& request);
std::shared_ptr<const std::string> encode_body(std::string_view body, const std::string& coding);
void use_encoded_body(http_response& response, const std::string& coding, std::shared_ptr<const std::string> packed);

}  // namespace intervision
