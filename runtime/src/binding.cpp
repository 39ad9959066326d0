#include "fastcpp/detail/binding.hpp"

#include <algorithm>
#include <stdexcept>

#include "fastcpp/detail/pyjson.hpp"
#include "text.hpp"

namespace fastcpp::detail {
namespace {

// FastAPI parses the content type with email.message: `application/json` and
// `application/<anything>+json`, case-insensitively, parameters ignored.
bool is_json_content_type(std::string_view content_type) {
  auto media = trim_spaces_and_tabs(content_type.substr(0, content_type.find(';')));
  auto slash = media.find('/');
  if (slash == std::string_view::npos) return false;
  auto main_type = trim_spaces_and_tabs(media.substr(0, slash));
  auto sub_type = trim_spaces_and_tabs(media.substr(slash + 1));
  if (!iequals(main_type, "application")) return false;
  if (iequals(sub_type, "json")) return true;
  return sub_type.size() > 5 && iequals(sub_type.substr(sub_type.size() - 5), "+json");
}

}  // namespace

// The error objects are built with their room reserved: `json` keeps an object's keys in order,
// in a vector, which each insertion past its capacity copies whole.
json Errors::location() const {
  json loc = json::array();
  auto& parts = loc.get_ref<json::array_t&>();
  parts.reserve(loc_.size());
  for (const auto& part : loc_) {
    if (part.index_plus_one > 0) {
      parts.emplace_back(part.index_plus_one - 1);
    } else {
      parts.emplace_back(part.key);
    }
  }
  return loc;
}

void Errors::add(std::string_view type, std::string_view msg, const json& input, const json& ctx) {
  json error = json::object();
  auto& fields = error.get_ref<json::object_t&>();
  fields.reserve(ctx.is_null() ? 4 : 5);
  fields.emplace_back("type", type);
  fields.emplace_back("loc", location());
  fields.emplace_back("msg", msg);
  fields.emplace_back("input", input);
  if (!ctx.is_null()) fields.emplace_back("ctx", ctx);
  if (errors_.is_null()) errors_ = json::array();
  errors_.push_back(std::move(error));
}

std::string expected_values(const std::string_view* names, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += i + 1 == count ? " or " : ", ";
    text += "'";
    text += names[i];
    text += "'";
  }
  return text;
}

void forbid_extra(const json& object, std::initializer_list<std::string_view> fields,
                  Errors& errors) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
    Errors::Scope scope(errors, key);
    errors.add("extra_forbidden", "Extra inputs are not permitted", value);
  }
}

void drop_unset(json& out, const json& given) {
  if (out.is_object() && given.is_object()) {
    for (auto it = out.begin(); it != out.end();) {
      auto found = given.find(it.key());
      if (found == given.end()) {
        it = out.erase(it);
      } else {
        drop_unset(it.value(), *found);
        ++it;
      }
    }
  } else if (out.is_array() && given.is_array() && out.size() == given.size()) {
    for (std::size_t i = 0; i < out.size(); ++i) drop_unset(out[i], given[i]);
  }
}

void drop_none(json& out) {
  if (out.is_object()) {
    for (auto it = out.begin(); it != out.end();) {
      if (it.value().is_null()) {
        it = out.erase(it);
      } else {
        drop_none(it.value());
        ++it;
      }
    }
  } else if (out.is_array()) {
    for (auto& item : out) drop_none(item);
  }
}

Binder::Binder(const Request& request, bool websocket) : request_(request), websocket_(websocket) {}

Binder::~Binder() = default;

void Binder::read_body() {
  const auto& raw = request_.body();
  if (raw.empty()) return;
  const auto* content_type = request_.header("content-type");
  if (content_type && !is_json_content_type(*content_type)) {
    // Not JSON: FastAPI hands the raw bytes to validation, which rejects them for a model.
    body_ = raw;
    return;
  }
  auto result = python_json_loads(raw);
  switch (result.status) {
    case JsonLoadResult::Status::kOk:
      if (!result.unrepresentable.empty()) {
        refuse_unrepresentable(result);
        return;
      }
      body_ = std::move(result.value);
      return;
    case JsonLoadResult::Status::kNotText:
      body_failed_ = true;
      failure_.http_exception.emplace(400, "There was an error parsing the body");
      return;
    case JsonLoadResult::Status::kDecodeError: {
      json error = json::object();
      error["type"] = "json_invalid";
      error["loc"] = json::array({"body", result.position});
      error["msg"] = "JSON decode error";
      error["input"] = json::object();
      error["ctx"] = json::object({{"error", result.message}});
      body_failed_ = true;
      failure_.validation_error.emplace(json::array({std::move(error)}), std::move(result.text));
      return;
    }
  }
}

void Binder::read_form() {
  const auto* content_type = request_.header("content-type");
  if (content_type == nullptr || !is_form_content_type(*content_type)) return;
  auto parsed = parse_form(request_.body());
  if (!parsed.error.empty()) {
    body_failed_ = true;
    failure_.http_exception.emplace(400, std::move(parsed.error));
    return;
  }
  form_ = std::move(parsed.fields);
  // The validation error's body is the form, as a dict of it has it: the last value of a name.
  body_ = json::object();
  for (const auto& [name, value] : form_) body_[name] = value;
}

std::vector<std::string_view> Binder::form_values(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : form_) {
    if (key == name) values.emplace_back(value);
  }
  return values;
}

// FastAPI would keep a lone surrogate (in any str) and an infinity where the body had a finite
// number; a C++ string cannot hold the first and the second is not the client's number. Both are
// refused as a JSON syntax error is, with the error pydantic gives the nearest case it refuses:
// a str it cannot read as Unicode, a non-finite number where an int is wanted.
void Binder::refuse_unrepresentable(JsonLoadResult& result) {
  json errors = json::array();
  for (auto& value : result.unrepresentable) {
    const bool surrogate = value.kind == JsonUnrepresentable::Kind::kLoneSurrogate;
    json error = json::object();
    error["type"] = surrogate ? "string_unicode" : "finite_number";
    json loc = json::array({"body"});
    for (auto& part : value.loc) loc.push_back(std::move(part));
    error["loc"] = std::move(loc);
    error["msg"] =
        surrogate ? "Input should be a valid string, unable to parse raw data as a unicode string"
                  : "Input should be a finite number";
    error["input"] = std::move(value.input);
    errors.push_back(std::move(error));
  }
  body_failed_ = true;
  failure_.validation_error.emplace(std::move(errors), std::move(result.text));
}

bool Binder::finish() {
  if (body_failed_) return false;  // raised at once, before any other parameter's errors
  if (errors_.empty()) return true;
  failure_.validation_error.emplace(errors_.take(), std::move(body_));
  return false;
}

void Binder::raise() {
  if (failure_.http_exception) throw *failure_.http_exception;
  if (!failure_.validation_error) throw std::logic_error("Binder::raise() without a failure");
  if (websocket_ && !body_failed_) {
    throw WebSocketRequestValidationError(failure_.validation_error->errors());
  }
  throw *failure_.validation_error;
}

Response json_result(const json& content, int status_code) {
  if (!is_body_allowed_for_status(status_code)) {
    return Response(std::string{}, status_code, {{"content-type", "application/json"}});
  }
  return JSONResponse(content, status_code);
}

}  // namespace fastcpp::detail
