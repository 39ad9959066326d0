// generator/frontend/model_reader.hpp: the annotated declarations of a parsed TU → the model.
// Private to the frontend.
#pragma once

#include <clang/AST/ASTContext.h>

#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// Reads every fastcpp-annotated declaration of the parsed TU into `model`: routes, WebSocket
/// endpoints, exception and status handlers, the exception classes they name (with their
/// bases), and the structs and enums that parameters and results use. Misuse is reported
/// through the context's DiagnosticsEngine as errors at the annotation or declaration, so the
/// parse counts as failed. With `read_bodies`, also what each route and handler raises and
/// answers (Route::raised, ExceptionHandler::response), from the function bodies the parse kept.
void read_model(clang::ASTContext& context, Model& model, bool read_bodies = false);

}  // namespace fastcpp::gen::detail
