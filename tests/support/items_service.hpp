// The service that the in-process dispatcher tests and the on-the-wire runtime tests both answer
// requests with: FastAPI's items example, routes for each path converter and for 405s, and routes
// that answer without a body, fail, or raise headers no server may write.
#pragma once

#include "fastcpp/app.hpp"

namespace fastcpp::testing {

/// The routes, registered by hand:
/// - `GET /items/{item_id}`: `foo` is `{"item":"The Foo Wrestlers"}`; anything else raises
///   `HTTPException(404, "Item not found", {{"X-Error", "There goes my error"}})`;
/// - `GET /things`, `POST /things`: empty 200s (two routes, one method each);
/// - `GET /files/{file_path:path}`, `GET /numbers/{n:int}`: the parameter as plain text;
/// - `POST /echo`: the body as plain text; `DELETE /empty`: 204;
/// - `GET /crash`: throws `std::runtime_error("secret internals")`;
/// - `GET /inject`, `GET /inject-name`: raise an HTTPException whose header value holds CR LF,
///   whose header name holds a NUL.
Service items_service();

}  // namespace fastcpp::testing
