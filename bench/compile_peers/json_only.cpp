// The floor figure of bench/compile_times.sh: a file that only builds one nlohmann::json
// object, what a fastcpp handler that returns JSON cannot compile faster than.
#include <nlohmann/json.hpp>
#include <string>

nlohmann::json read_item(const std::string& item_id) { return {{"item_id", item_id}}; }
