// A body struct both sources take: its traits are generated (inline) in both sources' files.
#pragma once

#include <string>

struct Item {
  std::string name;
  int size;
};

// Defined in b.cpp; throws a class that only b.cpp defines.
void fail_in_b();
