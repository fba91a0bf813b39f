// attnscope-bench: see docs/performance.md for what it measures and the latest numbers.
#include <iostream>

int main() {
    std::cout << "attnscope-bench\n";
    return 0;
}
