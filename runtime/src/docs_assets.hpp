// docs_assets.hpp: the docs pages' scripts, styles and icon, embedded in libfastcpp.
#pragma once

#include <string_view>

namespace fastcpp::detail {

enum class DocsAsset {
  kSwaggerUiBundle,  ///< swagger-ui-dist's swagger-ui-bundle.js
  kSwaggerUiCss,     ///< swagger-ui-dist's swagger-ui.css
  kFavicon,          ///< swagger-ui-dist's favicon-32x32.png
  kRedocStandalone,  ///< redoc's bundles/redoc.standalone.js
};

/// The asset's bytes, as npm installed them.
std::string_view docs_asset(DocsAsset asset) noexcept;

}  // namespace fastcpp::detail
