// fastcpp/fastapi.hpp: FastAPI's `FastAPI(...)` arguments, declared in a source with
// FASTCPP_APP and read by fastcpp-gen at build time:
//
//   FASTCPP_APP(fastcpp::FastAPI().title("Items").version("2.0").redirect_slashes(false));
//
// is `app = FastAPI(title="Items", version="2.0", redirect_slashes=False)`. A service has one.
// fastcpp_add_service's TITLE, VERSION, DESCRIPTION, OPENAPI_URL/NO_OPENAPI, DOCS_URL/NO_DOCS
// and REDOC_URL/NO_REDOC, where given, win over it.
#pragma once

namespace fastcpp {

/// The app's options, each set by the method of its FastAPI name; unset ones keep FastAPI's
/// default. A constant expression: the generator evaluates it, the program never reads it.
class FastAPI {
 public:
  /// `title=`, the OpenAPI document's (default "FastAPI").
  constexpr FastAPI title(const char* text) const {
    FastAPI copy = *this;
    copy.title_ = text;
    return copy;
  }
  /// `version=`, the document's (default "0.1.0").
  constexpr FastAPI version(const char* text) const {
    FastAPI copy = *this;
    copy.version_ = text;
    return copy;
  }
  /// `description=`, the document's (default none).
  constexpr FastAPI description(const char* text) const {
    FastAPI copy = *this;
    copy.description_ = text;
    return copy;
  }
  /// `openapi_url=` (default "/openapi.json"); nullptr is None: no document, and so no pages.
  constexpr FastAPI openapi_url(const char* url) const {
    FastAPI copy = *this;
    copy.openapi_url_ = url;
    return copy;
  }
  /// `docs_url=`, Swagger UI's (default "/docs"); nullptr is None.
  constexpr FastAPI docs_url(const char* url) const {
    FastAPI copy = *this;
    copy.docs_url_ = url;
    return copy;
  }
  /// `redoc_url=`, ReDoc's (default "/redoc"); nullptr is None.
  constexpr FastAPI redoc_url(const char* url) const {
    FastAPI copy = *this;
    copy.redoc_url_ = url;
    return copy;
  }
  /// `redirect_slashes=` (default true): a path that matches only with or without its trailing
  /// slash is answered with a 307 to the other one; false: a 404.
  constexpr FastAPI redirect_slashes(bool on) const {
    FastAPI copy = *this;
    copy.redirect_slashes_ = on;
    return copy;
  }

 private:
  // fastcpp-gen reads these by name.
  const char* title_ = "FastAPI";
  const char* version_ = "0.1.0";
  const char* description_ = "";
  const char* openapi_url_ = "/openapi.json";
  const char* docs_url_ = "/docs";
  const char* redoc_url_ = "/redoc";
  bool redirect_slashes_ = true;
};

}  // namespace fastcpp
