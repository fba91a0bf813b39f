// Entry point of the model tests: Catch2's own main, nothing else (no Qt here on purpose).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
