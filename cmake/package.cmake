# The Debian package (issue 20): `cpack -G DEB` in the build folder, after building `intervision`.
#   /usr/bin/intervision                  the server and its commands
#   /usr/share/intervision/web            the pages
#   /etc/intervision/                     intervision.toml (paths made absolute), series.toml,
#                                         themes.toml, feedback.toml, common-passwords.txt: conffiles
#   /lib/systemd/system/                  intervision.service, intervision-backup.{service,timer}
#   /var/lib/intervision                  made by postinst (mode 0700, system user intervision)
# Library dependencies come from dpkg-shlibdeps. tests/package/package_test.sh builds, installs
# into a scratch root and checks it with lintian and systemd-analyze.

set(INTERVISION_VERSION 0.1.0)
set(pkg_dir ${CMAKE_BINARY_DIR}/package)

# The installed configuration: the tree's file, with the tree-relative paths made the package's.
file(READ ${CMAKE_SOURCE_DIR}/config/intervision.toml tree_config)
string(REPLACE "web_root = \"../web\"" "web_root = \"/usr/share/intervision/web\"" etc_config "${tree_config}")
string(REPLACE "data_dir = \"../data\"" "data_dir = \"/var/lib/intervision\"" etc_config "${etc_config}")
if(etc_config STREQUAL tree_config OR NOT etc_config MATCHES "/var/lib/intervision" OR NOT etc_config MATCHES "/usr/share/intervision/web")
  message(FATAL_ERROR "cmake/package.cmake: config/intervision.toml no longer has web_root = \"../web\" and data_dir = \"../data\"")
endif()
file(WRITE ${pkg_dir}/etc/intervision.toml "${etc_config}")

# Debian wants these compressed, with no timestamp inside (reproducible).
file(MAKE_DIRECTORY ${pkg_dir}/doc)
add_custom_command(OUTPUT ${pkg_dir}/doc/changelog.gz
  COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/packaging/debian/changelog > ${pkg_dir}/doc/changelog.gz
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/debian/changelog VERBATIM)
add_custom_command(OUTPUT ${pkg_dir}/doc/intervision.1.gz
  COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/packaging/intervision.1 > ${pkg_dir}/doc/intervision.1.gz
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/intervision.1 VERBATIM)
add_custom_target(intervision_package_docs ALL DEPENDS ${pkg_dir}/doc/changelog.gz ${pkg_dir}/doc/intervision.1.gz)

# Hardening lintian looks for (Debian's gcc already builds PIE).
target_link_options(intervision PRIVATE -Wl,-z,relro -Wl,-z,now)

install(TARGETS intervision RUNTIME DESTINATION bin)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/ DESTINATION share/intervision/web
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
  DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(conffiles
  ${pkg_dir}/etc/intervision.toml
  ${CMAKE_SOURCE_DIR}/config/series.toml
  ${CMAKE_SOURCE_DIR}/config/themes.toml
  ${CMAKE_SOURCE_DIR}/config/feedback.toml
  ${CMAKE_SOURCE_DIR}/config/common-passwords.txt)
install(FILES ${conffiles} DESTINATION /etc/intervision PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES
  ${CMAKE_SOURCE_DIR}/packaging/systemd/intervision.service
  ${CMAKE_SOURCE_DIR}/packaging/systemd/intervision-backup.service
  ${CMAKE_SOURCE_DIR}/packaging/systemd/intervision-backup.timer
  DESTINATION /lib/systemd/system PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${pkg_dir}/doc/intervision.1.gz DESTINATION share/man/man1 PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright ${pkg_dir}/doc/changelog.gz ${CMAKE_SOURCE_DIR}/README.md
  DESTINATION share/doc/intervision PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

set(conffiles_text "")
foreach(f IN LISTS conffiles)
  get_filename_component(name ${f} NAME)
  string(APPEND conffiles_text "/etc/intervision/${name}\n")
endforeach()
file(WRITE ${pkg_dir}/conffiles "${conffiles_text}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME intervision)
set(CPACK_PACKAGE_VERSION ${INTERVISION_VERSION})
set(CPACK_PACKAGE_CONTACT "Smes PAT <intervision@smes.be>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Smes PAT <intervision@smes.be>")
# CPack writes the summary as the synopsis and this as the extended description.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "scheduling of peer helpers' intervisions, with an anonymised case log")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Schedules the intervision sessions of Smes's Peer and Team Support project,
takes registrations with a waiting list, lets facilitators take the roll and
keep anonymised case notes, and purges personal data at the end of each
annual cycle. Runs as a hardened systemd service with a daily backup timer.")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://smes.be")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Beside the libraries: the system user (postinst), the unit helpers, the time zones, and the
# word lists the anonymiser reads (/usr/share/dict; scripts/deps.sh names them too), and the font
# the attestations are drawn in (fonts-dejavu-core).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~), tzdata, wdutch, wfrench, wbritish, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${pkg_dir}/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package/out)
include(CPack)

# Builds the package, installs it into a scratch root and checks it (lintian, systemd-analyze,
# the installed binary serving with the installed configuration).
add_test(NAME package COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/package/package_test.py ${CMAKE_BINARY_DIR})
set_tests_properties(package PROPERTIES TIMEOUT 600)
