// The assets are included by the assembler (`.incbin`) from the npm packages scripts/setup.sh
// installed: 3 MB that a C++ array initializer would take the compiler many seconds (and much
// memory) to read, and that this way cost nothing to compile. CMake passes the files' paths
// (FASTCPP_ASSET_*) and makes this object depend on them.
#include "docs_assets.hpp"

// One read-only blob per asset, between `<name>` and `<name>_end`.
// clang-format off
#define FASTCPP_DETAIL_INCBIN(name, file)                 \
  asm(".section .rodata\n"                                \
      ".global fastcpp_docs_" #name "\n"                  \
      ".global fastcpp_docs_" #name "_end\n"              \
      "fastcpp_docs_" #name ":\n"                         \
      ".incbin \"" file "\"\n"                            \
      "fastcpp_docs_" #name "_end:\n"                     \
      ".previous\n");                                     \
  extern "C" const char fastcpp_docs_##name[];            \
  extern "C" const char fastcpp_docs_##name##_end[];
// clang-format on

FASTCPP_DETAIL_INCBIN(swagger_ui_bundle, FASTCPP_ASSET_SWAGGER_UI_BUNDLE)
FASTCPP_DETAIL_INCBIN(swagger_ui_css, FASTCPP_ASSET_SWAGGER_UI_CSS)
FASTCPP_DETAIL_INCBIN(favicon, FASTCPP_ASSET_FAVICON)
FASTCPP_DETAIL_INCBIN(redoc_standalone, FASTCPP_ASSET_REDOC_STANDALONE)

namespace fastcpp::detail {
namespace {

std::string_view between(const char* begin, const char* end) {
  return {begin, static_cast<std::string_view::size_type>(end - begin)};
}

}  // namespace

std::string_view docs_asset(DocsAsset asset) noexcept {
  switch (asset) {
    case DocsAsset::kSwaggerUiBundle:
      return between(fastcpp_docs_swagger_ui_bundle, fastcpp_docs_swagger_ui_bundle_end);
    case DocsAsset::kSwaggerUiCss:
      return between(fastcpp_docs_swagger_ui_css, fastcpp_docs_swagger_ui_css_end);
    case DocsAsset::kFavicon:
      return between(fastcpp_docs_favicon, fastcpp_docs_favicon_end);
    case DocsAsset::kRedocStandalone:
      return between(fastcpp_docs_redoc_standalone, fastcpp_docs_redoc_standalone_end);
  }
  return {};
}

}  // namespace fastcpp::detail
