// Must not compile: util is the bottom layer (tests/CMakeLists.txt, "layering").
#include "kavosh/analysis/analyzer.h"
