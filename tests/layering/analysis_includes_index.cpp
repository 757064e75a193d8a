// Must not compile: analysis sits below index (tests/CMakeLists.txt, "layering").
#include "kavosh/index/schema.h"
