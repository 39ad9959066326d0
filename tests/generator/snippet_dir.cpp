#include "snippet_dir.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fastcpp::gen::testing {

SnippetDir::SnippetDir() {
  auto pattern = (std::filesystem::temp_directory_path() / "fastcpp-gen-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
}

SnippetDir::~SnippetDir() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string SnippetDir::write(const std::string& name, const std::string& content) const {
  auto file = path(name);
  std::filesystem::create_directories(std::filesystem::path(file).parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

std::string SnippetDir::path(const std::string& name) const { return root_ + "/" + name; }

std::string runtime_include_flag() { return "-I" FASTCPP_SOURCE_DIR "/runtime/include"; }

}  // namespace fastcpp::gen::testing
