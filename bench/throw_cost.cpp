// What one C++ throw costs on this machine: the floor under the error shapes whose handler
// throws (items_404, unicorns_418), reported next to them by bench/run.sh.
//
// Times, per iteration, a function called by the frame that catches what it throws, as a route
// calls its handler: once returning a value, once throwing the seed's
// HTTPException(404, "Item not found"). The difference is the throw: the exception's allocation
// and construction, the unwinder's two passes over the frames, the catch. Then the same throw
// from a function inlined into the catching frame, as a `static` handler is inlined into its
// route: one frame fewer to unwind, twice. Prints one line:
//   BENCH return_ns=... throw_ns=... inlined_throw_ns=...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fastcpp/exceptions.hpp>
#include <vector>

namespace {

[[gnu::noinline]] int find_item(bool found) {
  if (!found) throw fastcpp::HTTPException(404, "Item not found");
  return 200;
}

[[gnu::always_inline]] inline int find_item_inlined(bool found) {
  if (!found) throw fastcpp::HTTPException(404, "Item not found");
  return 200;
}

[[gnu::noinline]] int answer(bool found) {
  try {
    return find_item(found);
  } catch (const fastcpp::HTTPException& exc) {
    return exc.status_code();
  }
}

[[gnu::noinline]] int answer_inlined(bool found) {
  try {
    return find_item_inlined(found);
  } catch (const fastcpp::HTTPException& exc) {
    return exc.status_code();
  }
}

// The median over batches of the time per call of call(found), in nanoseconds.
template <int (*call)(bool)>
double ns_per_call(bool found) {
  constexpr int kBatches = 7;
  const int calls = found ? 1000000 : 50000;
  std::vector<double> per_call;
  int sink = 0;
  for (int batch = 0; batch < kBatches; ++batch) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) sink += call(found);
    std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
    per_call.push_back(elapsed.count() / calls);
  }
  if (sink == 0) std::puts("");  // keeps the calls from being optimised away
  std::sort(per_call.begin(), per_call.end());
  return per_call[kBatches / 2];
}

}  // namespace

int main() {
  double returned = ns_per_call<answer>(true);
  double thrown = ns_per_call<answer>(false);
  double thrown_inlined = ns_per_call<answer_inlined>(false);
  std::printf("BENCH return_ns=%.0f throw_ns=%.0f inlined_throw_ns=%.0f\n", returned, thrown,
              thrown_inlined);
}
