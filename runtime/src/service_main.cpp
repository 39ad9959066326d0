// `main` of a service whose generated code is a library (fastcpp_add_service's LIBRARY), so
// that the same code links into the user's test executables too.
#include "fastcpp/app.hpp"
#include "fastcpp/testclient.hpp"

int main(int argc, char** argv) {
  return fastcpp::run_main(fastcpp_generated::service(), argc, argv);
}
