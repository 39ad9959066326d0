// generator/backend/emitter.hpp: fills the templates in templates/*.in.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fastcpp::gen {

/// A template's variables: `$name$` in the text is replaced by vars["name"].
using TemplateVars = std::map<std::string, std::string>;

/// A template that names a variable it was not given, or was given one it does not use.
class TemplateError : public std::logic_error {
  using std::logic_error::logic_error;
};

/// Substitutes every `$name$` of `text`. Strict: an undefined or unused variable throws
/// TemplateError, so the templates and the backend cannot drift apart silently.
std::string fill_template(std::string_view text, const TemplateVars& vars,
                          std::string_view template_name = "template");

/// fill_template on the embedded template `name` (`route.cpp` for templates/route.cpp.in).
std::string render_template(std::string_view name, const TemplateVars& vars);

}  // namespace fastcpp::gen
