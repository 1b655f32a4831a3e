// C++ exceptions built with -fwasm-exceptions (WebAssembly's exnref form): throws that
// cross functions, catch by base class and by value, rethrow, catch(...), nested
// handlers, destructors run while unwinding, a throw through a function pointer and out
// of a constructor, and an exception_ptr carried out of its handler. Prints what its
// native build prints.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

static std::vector<std::string> events;

struct Guard {
    std::string name;
    explicit Guard(std::string n) : name(std::move(n)) { events.push_back("enter " + name); }
    ~Guard() { events.push_back("leave " + name); }
};

struct ParseError : std::runtime_error {
    int line;
    ParseError(const std::string& what, int line) : std::runtime_error(what), line(line) {}
};

struct Fatal {
    int code;
};

static int parse_digit(char c, int line) {
    Guard g("parse_digit");
    if (c < '0' || c > '9') {
        throw ParseError(std::string("not a digit: ") + c, line);
    }
    return c - '0';
}

static int parse_number(const char* s, int line) {
    Guard g("parse_number");
    int n = 0;
    for (; *s; ++s) {
        n = n * 10 + parse_digit(*s, line);
    }
    return n;
}

static int sum_lines(const std::vector<const char*>& lines) {
    int sum = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        try {
            sum += parse_number(lines[i], int(i) + 1);
        } catch (const ParseError& e) {
            std::printf("line %d: %s (skipped)\n", e.line, e.what());
        }
    }
    return sum;
}

static void rethrower() {
    try {
        throw Fatal{42};
    } catch (Fatal& f) {
        f.code += 1;
        throw;  // the same object, changed
    }
}

struct Widget {
    Guard g;
    explicit Widget(bool fail) : g("widget") {
        if (fail) throw std::logic_error("widget refused");
    }
};

static int depth_throw(int depth) {
    Guard g("level " + std::to_string(depth));
    if (depth == 0) throw depth;
    return depth_throw(depth - 1) + 1;
}

static void throw_via(void (*f)()) { f(); }
static void throws_string() { throw std::string("from a function pointer"); }

int main() {
    std::printf("sum = %d\n", sum_lines({"12", "3x", "30", "", "7a7", "100"}));

    try {
        rethrower();
    } catch (const Fatal& f) {
        std::printf("fatal code %d\n", f.code);
    }

    try {
        Widget w(true);
        std::printf("not reached\n");
    } catch (const std::exception& e) {
        std::printf("caught std::exception: %s\n", e.what());
    }

    events.clear();
    try {
        depth_throw(3);
    } catch (int d) {
        std::printf("caught int %d after unwinding:", d);
        for (const auto& e : events) std::printf(" [%s]", e.c_str());
        std::printf("\n");
    }

    try {
        throw_via(throws_string);
    } catch (...) {
        std::exception_ptr p = std::current_exception();
        try {
            std::rethrow_exception(p);
        } catch (const std::string& s) {
            std::printf("caught (...) then rethrown: %s\n", s.c_str());
        }
    }

    int caught = 0;
    for (int i = 0; i < 10000; ++i) {
        try {
            try {
                if (i % 3 == 0) throw i;
                if (i % 3 == 1) throw ParseError("odd", i);
            } catch (int) {
                ++caught;
                throw;
            }
        } catch (int) {
            ++caught;
        } catch (const ParseError&) {
            caught += 10;
        }
    }
    std::printf("caught %d\n", caught);
    std::printf("uncaught exceptions now: %d\n", std::uncaught_exceptions());
    return 0;
}
