// A shared library without the divbench_plugin entry point: it must be refused, naming the symbol.
extern "C" int not_a_divbench_plugin(void) { return 1; }
