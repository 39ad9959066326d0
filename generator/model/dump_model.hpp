// generator/model/dump_model.hpp: the model as JSON, for `fastcpp-gen --dump-model`.
#pragma once

#include <string>

#include "model/model.hpp"

namespace fastcpp::gen {

/// The model as JSON text: every field of every value, enums by lower-case name. Deterministic;
/// text that is not valid UTF-8 is replaced, never thrown over.
std::string dump_model(const Model& model);

}  // namespace fastcpp::gen
