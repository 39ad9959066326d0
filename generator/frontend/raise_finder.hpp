// generator/frontend/raise_finder.hpp: what a function's body throws, and what an exception
// handler's body answers, for the OpenAPI document's raised errors. Private to the frontend.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>

#include <map>
#include <vector>

#include "frontend/clang_util.hpp"
#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// Reads function bodies: only the bodies that were parsed (the service's sources; see
/// FrontendOptions::read_bodies) are there to read.
class RaiseFinder {
 public:
  RaiseFinder(clang::ASTContext& context, const Reporter& reporter)
      : context_(context), reporter_(reporter) {}

  /// Every `throw` of `function`'s body and of the functions it calls whose bodies were parsed,
  /// transitively, but those a `catch` around them takes. In source order, callees' where the
  /// call is.
  std::vector<RaisedError> raised_by(const clang::FunctionDecl& function);

  /// An exception handler's answer: the status every `return` gives when it is one constant
  /// (`return JSONResponse(418, ...)`), the media type of the response class, and its throws.
  HandlerResponse handler_response(const clang::FunctionDecl& function);

 private:
  clang::ASTContext& context_;
  const Reporter& reporter_;
  std::map<const clang::FunctionDecl*, std::vector<RaisedError>> done_;
  std::vector<const clang::FunctionDecl*> in_progress_;
};

}  // namespace fastcpp::gen::detail
