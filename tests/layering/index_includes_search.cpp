// Must not compile: index sits below search (tests/CMakeLists.txt, "layering").
#include "kavosh/search/service.h"
