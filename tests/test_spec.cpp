// "name:key=value" specs: parsing, strict numbers, unknown keys, canonical text.
#include <catch2/catch.hpp>

#include "common/spec.hpp"

using namespace divbench;

TEST_CASE("specs parse names and parameters", "[spec]") {
  Spec s = Spec::parse("ring:k=12, std = 0.05");
  CHECK(s.name() == "ring");
  CHECK(s.get_int("k", 8) == 12);
  CHECK(s.get_double("std", 1.0) == 0.05);
  CHECK(s.get_double("radius", 2.0) == 2.0);
  CHECK_NOTHROW(s.check_consumed("dataset"));
  CHECK(s.text() == "ring:k=12,std=0.05");
  CHECK(Spec::parse("ring8").text() == "ring8");
}

TEST_CASE("bad specs say what is wrong", "[spec]") {
  CHECK_THROWS_WITH(Spec::parse(":k=1"), Catch::Contains("expected a name"));
  CHECK_THROWS_WITH(Spec::parse("ring:k"),
                    Catch::Contains("parameter 'k' is not of the form key=value"));
  CHECK_THROWS_WITH(Spec::parse("ring:k=1,k=2"), Catch::Contains("parameter 'k' given twice"));
  Spec s = Spec::parse("ring:k=1.5");
  CHECK_THROWS_WITH(s.get_int("k", 0), Catch::Contains("ring:k: expected an integer, found '1.5'"));
  Spec t = Spec::parse("ring:std=0.1x");
  CHECK_THROWS_WITH(t.get_double("std", 0), Catch::Contains("expected a number, found '0.1x'"));
}

TEST_CASE("nearest_name suggests close names only", "[spec]") {
  const std::set<std::string> names{"gan-ns", "gan-minimax", "ring8"};
  CHECK(nearest_name("gan-nss", names) == "gan-ns");
  CHECK(nearest_name("rign8", names) == "ring8");
  CHECK(nearest_name("wasserstein", names).empty());
}
