// generator/frontend/raise_finder.hpp: what a function's body throws, and what an exception
// handler's body answers, for the OpenAPI document's raised errors. Private to the frontend.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Mangle.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontend/clang_util.hpp"
#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// Reads function bodies: only the bodies that were parsed (the service's sources; see
/// FrontendOptions::read_bodies) are there to read.
class RaiseFinder {
 public:
  RaiseFinder(clang::ASTContext& context, const Reporter& reporter);
  ~RaiseFinder();
  RaiseFinder(const RaiseFinder&) = delete;
  RaiseFinder& operator=(const RaiseFinder&) = delete;

  /// Every `throw` of `function`'s body and of the functions it calls whose bodies were parsed,
  /// transitively, but those a `catch` around them takes. In source order, callees' where the
  /// call is. A call of a function of external linkage without a body here is a
  /// RaisedError::Kind::kCall, for another source's parse to answer.
  std::vector<RaisedError> raised_by(const clang::FunctionDecl& function);

  /// The name a call from another source links to: Model::raises_by_function's key.
  std::string linkage_name(const clang::FunctionDecl& function) const;

  /// An exception handler's answer: the status every `return` gives when it is one constant
  /// (`return JSONResponse(418, ...)`), the media type of the response class, and its throws.
  HandlerResponse handler_response(const clang::FunctionDecl& function);

 private:
  // Whether a function without a body here may be defined by another source of the service.
  bool defined_elsewhere(const clang::FunctionDecl& function) const;

  clang::ASTContext& context_;
  const Reporter& reporter_;
  std::map<const clang::FunctionDecl*, std::vector<RaisedError>> done_;
  std::vector<const clang::FunctionDecl*> in_progress_;
  std::unique_ptr<clang::MangleContext> mangler_;
};

}  // namespace fastcpp::gen::detail
