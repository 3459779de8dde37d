// static_files: the pages, styles and scripts of web/, loaded into memory at start so that
// serving them touches no file system at request time: a path can only name a file that was
// loaded, which makes traversal impossible by construction; the path checks still refuse
// "..", dot-files, backslashes and NUL with 404. GET and HEAD, MIME types from the extension,
// strong ETags with If-None-Match -> 304, and a precompressed NAME.gz served to clients that
// accept gzip. Page routes: "/" -> index.html, "/privacy" -> privacy.html, "/manage",
// "/staff", "/admin" likewise.
//
// Shared page parts without a build step: in an .html file, a line holding only
// <!--#include "NAME" --> is replaced at load by web/partials/NAME (itself an .html fragment;
// no nesting, NAME a plain file name). The partials folder is not served. A page with includes
// is served without its .gz (which would hold the unexpanded text).
#pragma once

#include <filesystem>
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
  std::size_t size() const { return files_.size(); }

 private:
  struct file {
    std::string content_type;
    std::shared_ptr<const std::string> body;
    std::string etag;
    std::shared_ptr<const std::string> gzip_body;  // null when there is no .gz beside the file
  };
  std::map<std::string, file> files_;  // key: "/css/site.css"
};

std::string mime_type_for(std::string_view path);

}  // namespace intervision
