#include <iostream>

#include "intervision/app/cli.h"

int main(int argc, char** argv) { return intervision::run_cli(argc, argv, std::cin, std::cout, std::cerr); }
