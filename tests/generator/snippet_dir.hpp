// tests/generator/snippet_dir.hpp: a temporary directory of source snippets for generator tests.
#pragma once

#include <string>

namespace fastcpp::gen::testing {

/// A fresh directory under the system's temporary directory, removed with everything in it
/// when the object goes away.
class SnippetDir {
 public:
  SnippetDir();
  ~SnippetDir();
  SnippetDir(const SnippetDir&) = delete;
  SnippetDir& operator=(const SnippetDir&) = delete;

  /// Writes `content` to `name` (relative to the directory) and returns its absolute path.
  std::string write(const std::string& name, const std::string& content) const;
  /// The absolute path of `name` in the directory.
  std::string path(const std::string& name) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

/// `-I<repository>/runtime/include`: the runtime's headers, for snippets that include them.
std::string runtime_include_flag();

}  // namespace fastcpp::gen::testing
