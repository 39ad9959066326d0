// generator/model/model.hpp: what fastcpp-gen knows about a service, as plain values.
//
// The frontend (the only code that includes clang) fills a Model from the annotated
// declarations; the backend renders it. Nothing here refers to clang types, so model and
// backend tests build in seconds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fastcpp::gen {

/// Where something was declared, for diagnostics: `file:line:col`.
struct SourceLocation {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

/// A C++ type, as far as binding and rendering need to know it.
struct TypeRef {
  enum class Kind {
    kBool,      ///< bool
    kInt,       ///< any integer type except bool and char: spelling says which
    kFloat,     ///< float, double
    kString,    ///< std::string
    kValue,     ///< a value type of fastcpp/types.hpp: `name` says which (`fastcpp::UUID`)
    kEnum,      ///< an enum; its enumerators are in Model::enums under `name`
    kStruct,    ///< a body struct; its fields are in Model::structs under `name`
    kOptional,  ///< std::optional<args[0]>
    kVector,    ///< std::vector<args[0]>
    kMap,       ///< std::map<std::string, args[0]>
    kVariant,   ///< std::variant<args...>: pydantic's Union[...] of scalars
    kJson,      ///< fastcpp::json
    kResponse,  ///< fastcpp::Response or a class derived from it (returned as is)
    /// fastcpp::ResponseModel<args[0], args[1]> (results only): FastAPI's response_model, what
    /// the handler gives (args[1]) validated and filtered through args[0]
    kResponseModel,
    kVoid,  ///< void (return types only)
  };
  Kind kind = Kind::kVoid;
  std::string spelling;  ///< C++ spelling usable from the generated file: `std::string`, `::Item`
  std::string name;      ///< kEnum, kStruct: the qualified name (the key in Model); kValue: which
  std::vector<TypeRef> args;  ///< kOptional, kVector, kMap: the element type; kVariant: each
};

/// An enum a parameter or field uses: its enumerators are accepted by name, as FastAPI accepts
/// an Enum's values.
struct EnumDef {
  std::string name;                      ///< qualified C++ name, e.g. `::Color`
  std::vector<std::string> enumerators;  ///< in declaration order
  SourceLocation location;
  /// The index in Model::sources of the source that defines it, or -1 for a header's (visible to
  /// every source that includes the header).
  int source = -1;
  /// FASTCPP_LITERAL: pydantic's `Literal["a", "b"]` of the names (`literal_error`, inline schema).
  bool literal = false;
};

/// A number given to FASTCPP_GT, _GE, _LT, _LE, _MULTIPLE_OF, _MIN_LENGTH or _MAX_LENGTH.
struct Number {
  bool integral = true;              ///< an integer constant (`1`), not a floating one (`1.0`)
  bool negative = false;             ///< integral: its sign (never set for zero)
  unsigned long long magnitude = 0;  ///< integral: its absolute value
  double value = 0;                  ///< its value, as a double (for both)
  /// A bound written as a string, for a fastcpp::Decimal (`FASTCPP_GE("0.1")`, Python's
  /// `ge=Decimal("0.1")`): the text as written (`integral` and `value` are not set).
  std::optional<std::string> text;
};

/// One declared constraint: FastAPI's `gt=`, `ge=`, `lt=`, `le=`, `multiple_of=`, `min_length=`,
/// `max_length=`, `pattern=`, and a Decimal's `max_digits=`, `decimal_places=`
/// (docs/constraints.md).
struct Constraint {
  enum class Kind {
    kGt,
    kGe,
    kLt,
    kLe,
    kMultipleOf,
    kMinLength,
    kMaxLength,
    kPattern,
    kMaxDigits,      ///< a Decimal's `max_digits=`
    kDecimalPlaces,  ///< a Decimal's `decimal_places=`
  };
  Kind kind = Kind::kGe;
  Number number;            ///< all but kPattern
  std::string pattern;      ///< kPattern
  SourceLocation location;  ///< the annotation, for diagnostics
};

/// A text of FASTCPP_ALIAS, _TITLE, _DESCRIPTION or _EXAMPLES, where it was written.
struct DeclaredText {
  std::string text;
  SourceLocation location;
};

/// What Path/Query/Header/Cookie/Body/Field(...) declare beside the type: the constraints and
/// the metadata, as FASTCPP_GE(1), FASTCPP_TITLE("...")... annotate a parameter or a member.
/// FASTCPP_VALIDATOR(f): a function the value goes through once converted (pydantic's after
/// validator); its signature was checked by the frontend.
struct Validator {
  std::string function;  ///< as the generated file calls it (`::check_name`)
  SourceLocation location;
};

struct FieldInfo {
  std::vector<Constraint> constraints;  ///< in declaration order
  std::optional<DeclaredText> alias;    ///< the name on the wire
  std::optional<DeclaredText> title;
  std::optional<DeclaredText> description;
  std::optional<DeclaredText> examples;               ///< a JSON array, as written
  std::optional<SourceLocation> deprecated;           ///< FASTCPP_DEPRECATED
  std::optional<SourceLocation> exclude_from_schema;  ///< FastAPI's `include_in_schema=False`
  std::optional<SourceLocation> embed;                ///< FASTCPP_EMBED: `Body(embed=True)`
  std::optional<SourceLocation> keep_underscores;     ///< `Header(convert_underscores=False)`
  std::vector<Validator> validators;                  ///< FASTCPP_VALIDATOR, in order
};

/// One data member of a body struct.
struct FieldDef {
  std::string name;
  TypeRef type;
  /// A default member initializer (`bool priority = false;`) or std::optional: not required.
  bool has_default = false;
  /// The default member initializer as source text (`false`, `{}`), if there is one.
  std::optional<std::string> default_value = {};
  FieldInfo info = {};  ///< FastAPI's Field(...): constraints and metadata
  SourceLocation location = {};
};

/// A struct used as a JSON body or a response: decoded and encoded field by field.
struct StructDef {
  std::string name;  ///< qualified C++ name
  std::vector<FieldDef> fields;
  SourceLocation location;
  /// The index in Model::sources of the source that defines it, or -1 for a header's.
  int source = -1;
  /// FASTCPP_FORBID_EXTRA: pydantic's `extra="forbid"` (`extra_forbidden` for unknown keys).
  bool forbid_extra = false;
  /// FASTCPP_VALIDATOR on the struct: pydantic's `model_validator(mode="after")`.
  std::vector<Validator> validators = {};
};

/// Where a parameter's value comes from, as FastAPI decides it.
enum class ParamSource {
  kPath,
  kQuery,
  kHeader,
  kCookie,
  kBody,
  kForm,  ///< a field of a form body: fastcpp::Form<T>, FastAPI's Form()
  kRequest,
  kWebSocket,
  kDepends,  ///< the result of another function: fastcpp::Depends<f>
};

/// How the parameter was declared; the source follows from it (see classify_params).
enum class ParamWrapper { kNone, kQuery, kPath, kHeader, kCookie, kBody, kForm, kDepends };

/// One parameter of a route or WebSocket endpoint.
struct Param {
  std::string name;  ///< the C++ parameter name
  ParamWrapper wrapper = ParamWrapper::kNone;
  TypeRef type;  ///< the value type, without the fastcpp::Query<...> wrapper
  /// The C++ default argument as source text (`10`, `"x"`, `{}`), if there is one.
  std::optional<std::string> default_value;
  SourceLocation location;
  FieldInfo info = {};  ///< FastAPI's Query(...), Path(...)...: constraints and metadata
  /// kDepends: the function whose result it is (as the generated file calls it), and whether a
  /// result of it the request already has is reused (`Depends<f, false>`: no).
  std::string dependency = {};
  bool use_cache = true;

  // Decided by classify_params():
  ParamSource source = ParamSource::kQuery;
  std::string
      alias;  ///< the name on the wire: `user-agent` for header `user_agent`, or FASTCPP_ALIAS
  bool required = false;  ///< no default argument and not std::optional
};

/// Something a function can throw, found in its body (or in a function of the service's sources
/// it calls) when the OpenAPI document lists raised errors.
struct RaisedError {
  enum class Kind {
    kHttpException,  ///< `throw HTTPException(...)`
    kClass,          ///< a throw of any other class type
    /// A call of a function whose body another source defines: what it raises is filled in
    /// once every source is read (resolve_calls). Never left in a resolved model.
    kCall,
  };
  Kind kind = Kind::kHttpException;
  /// kHttpException: its status code; 0 when it is not a constant (the location gets a note).
  int status_code = 0;
  /// kHttpException: the detail when it is a string literal; none when it is absent (the
  /// status's phrase) or not a literal (detail_unknown).
  std::optional<std::string> detail;
  bool detail_unknown = false;  ///< a detail that is not a string literal: no example
  /// kHttpException: headers given as string literals, in order.
  std::vector<std::pair<std::string, std::string>> headers;
  /// kClass: the qualified class thrown, and all of its public bases (transitively).
  std::string exception;
  std::vector<std::string> bases;
  /// kCall: the callee's linkage name (`_Z9fail_in_bv`), and the classes the `catch`es around
  /// the call take (what the callee raises of them does not get out).
  std::string callee;
  std::vector<std::string> caught;
  SourceLocation location;  ///< the throw, or the call
};

/// What an exception handler's body answers, as far as literals tell.
struct HandlerResponse {
  int status_code = 0;     ///< the status of every response it returns; 0 when not one constant
  std::string media_type;  ///< `application/json`, `text/plain`... of what it returns; or empty
  /// The JSON text of the content every `return` sends, when it is one literal object
  /// (`JSONResponse(418, {{"message", "Oops"}})`); empty otherwise.
  std::string example;
  std::vector<RaisedError> raised;  ///< what it throws (a handler may raise HTTPException)
};

/// A fastcpp::security object used as a dependency (`Depends<&oauth2_scheme>`): FastAPI's
/// security scheme, which the OpenAPI document lists.
struct SecurityScheme {
  /// The class, which is also the scheme's name in the document (FastAPI's default
  /// scheme_name): OAuth2PasswordBearer, HTTPBasic, HTTPBearer, APIKeyHeader/Query/Cookie.
  std::string kind;
  std::string argument;  ///< OAuth2PasswordBearer's token_url, an APIKey*'s name; else empty
};

/// A function used through fastcpp::Depends or FASTCPP_DEPENDENCIES: FastAPI's dependable.
struct Dependency {
  std::string function;  ///< how the generated file calls it: `get_db`, `auth::current_user`
  /// Its parameters as declared; each route that uses it classifies them against its own path
  /// (see plan_dependencies), as FastAPI builds a dependant per route.
  std::vector<Param> params;
  bool returns_void = false;             ///< only a FASTCPP_DEPENDENCIES entry may be
  std::string result;                    ///< its result type as written, for messages
  SourceLocation location;               ///< its declaration
  std::vector<RaisedError> raised = {};  ///< what its body and its callees throw
  /// A security object, not a function: `function` names the object, called with the request
  /// (its one parameter), and Depends takes its address.
  std::optional<SecurityScheme> security = std::nullopt;
};

/// A FASTCPP_DEPENDENCIES entry of a route (or of the FASTCPP_APP: the service's).
struct DependencyUse {
  std::string function;
  SourceLocation location;
};

/// One path operation or WebSocket endpoint.
struct Route {
  std::string function;  ///< how the generated file calls it: `read_item`, `api::read_item`
  std::string path;      ///< the Starlette path template
  std::vector<std::string> methods;  ///< empty for a WebSocket endpoint
  bool websocket = false;
  int status_code = 0;  ///< FASTCPP_STATUS_CODE, 0 when not given (200)
  std::vector<Param> params;
  TypeRef result;
  SourceLocation location;
  int source = 0;  ///< the index in Model::sources of the source whose generated file calls it
  /// FASTCPP_DEPENDENCIES: called first, in order, their results unused.
  std::vector<DependencyUse> dependencies = {};

  // The OpenAPI document's: FastAPI's `summary=`, `tags=`, `deprecated=` and the docstring.
  std::string summary;              ///< FASTCPP_SUMMARY; empty: from the function's name
  std::string description;          ///< the function's doc comment (`///` or `/** */`)
  std::vector<std::string> tags;    ///< FASTCPP_TAGS
  bool deprecated = false;          ///< FASTCPP_DEPRECATED
  std::vector<RaisedError> raised;  ///< what its body and its callees throw

  // FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET / _NONE, on a route returning a kResponseModel.
  bool response_model_exclude_unset = false;
  bool response_model_exclude_none = false;
};

/// One FASTCPP_EXCEPTION_HANDLER or FASTCPP_EXCEPTION_HANDLER_FOR_STATUS.
struct ExceptionHandler {
  std::string function;
  std::string exception;  ///< the qualified class it takes: `::UnicornException`
  int status_code = 0;    ///< a status handler's code; 0 for a class handler
  SourceLocation location;
  int source = 0;  ///< the index in Model::sources of the source whose generated file calls it
  /// Where its class is defined: two sources may each define a class of the same name.
  SourceLocation exception_location = {};
  HandlerResponse response = {};  ///< what its body answers (when raised errors are documented)
  /// Takes `fastcpp::WebSocket&` (returns void): FastAPI's handler called with the WebSocket, for
  /// what a WebSocket endpoint raises. Otherwise it takes the Request, for HTTP routes.
  bool websocket = false;
};

/// One FASTCPP_MIDDLEWARE: FastAPI's `@app.middleware("http")` (the function is the
/// middleware) or `app.add_middleware(...)` (the function returns it).
struct MiddlewareDef {
  std::string function;
  bool http = false;  ///< `Response f(Request&, const CallNext&)`; false: `M f()`
  std::string kind;   ///< for `M f()`: `M`'s name in fastcpp ("TrustedHostMiddleware", ...)
  /// An option the body of `M f()` sets to constants (`trusted.allowed_hosts = {"*.a.com"};`),
  /// which the model checks as the runtime would when the service is made.
  struct Option {
    std::string name;                  ///< the member: "allowed_hosts", "compresslevel", ...
    std::vector<std::string> strings;  ///< a string's value, or a list's
    std::optional<long long> integer;
    SourceLocation location;  ///< of the assignment
  };
  std::vector<Option> options;
  SourceLocation location;
  int source = 0;  ///< the index in Model::sources of the source whose generated file adds it
};

/// A class that a handler names, with its direct bases, for ordering the catch chain.
struct ExceptionClass {
  std::string name;
  std::vector<std::string> bases;  ///< qualified names of direct public bases
};

/// The service's OpenAPI document and its pages: FastAPI's `title=`, `version=`,
/// `description=`, `openapi_url=`, `docs_url=`, `redoc_url=`.
struct OpenApiSettings {
  std::string title = "FastAPI";
  std::string version = "0.1.0";
  std::string description;
  std::string openapi_url = "/openapi.json";  ///< empty: no document, and so no pages
  std::string docs_url = "/docs";             ///< empty: no Swagger UI
  std::string redoc_url = "/redoc";           ///< empty: no ReDoc
  /// List what routes raise (fastcpp's addition); false: the document FastAPI would serve.
  bool raised_errors = true;
};

/// A FASTCPP_APP declaration: FastAPI's `FastAPI(...)` arguments, as the source's
/// `fastcpp::FastAPI` value gives them (defaults included).
struct AppDecl {
  OpenApiSettings openapi;  ///< title, version, description and the URLs (empty: None)
  bool redirect_slashes = true;
  SourceLocation location;
  /// FASTCPP_DEPENDENCIES on it: FastAPI's `FastAPI(dependencies=[...])`, called before every
  /// route's and WebSocket endpoint's own (apply_app).
  std::vector<DependencyUse> dependencies = {};
  int source = 0;  ///< the index in Model::sources of the source that declares it
};

/// Everything fastcpp-gen emits code for.
struct Model {
  std::string service;               ///< the service (CMake target) name
  std::vector<std::string> sources;  ///< as the generated files include them, one file each
  std::vector<Route> routes;         ///< in declaration order (the order FastAPI matches in)
  std::vector<ExceptionHandler> handlers;
  std::vector<ExceptionClass> classes;  ///< every class a handler names, and all their bases
  std::vector<StructDef> structs;       ///< every struct reachable from a body or a result
  std::vector<EnumDef> enums;
  /// In declaration order (sources in order): the order added, the last the outermost.
  std::vector<MiddlewareDef> middleware;
  OpenApiSettings openapi = {};
  /// FastAPI's `redirect_slashes=`: a path that matches only with or without its trailing slash
  /// is redirected (307) to the other spelling.
  bool redirect_slashes = true;
  /// The FASTCPP_APP declarations the sources make (check_model refuses a second one); see
  /// apply_app (model/app.hpp) for how they meet fastcpp_add_service's options.
  std::vector<AppDecl> apps = {};
  /// Every function used as a dependency, each once, however many routes use it.
  std::vector<Dependency> dependencies = {};
  /// What each function of external linkage that a source defines raises, by linkage name: how
  /// a call from another source (RaisedError::Kind::kCall) is resolved. Only when raised errors
  /// are read.
  std::map<std::string, std::vector<RaisedError>> raises_by_function = {};
};

}  // namespace fastcpp::gen
