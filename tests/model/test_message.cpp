// The core's sentences: an English template plus arguments, so the app can translate them.
#include <catch2/catch.hpp>

#include <filesystem>

#include "model/Errors.h"
#include "model/Gpt2Model.h"
#include "model/Message.h"

using namespace attnscope;

TEST_CASE("a message fills its template with its arguments, nested messages included", "[message]") {
    const Message reason(QT_TRANSLATE_NOOP("core", "field \"%1\" is %2, expected %3..%4"), "n_layer", 0, 1, 1024);
    CHECK(reason.english() == "field \"n_layer\" is 0, expected 1..1024");
    const Message whole(QT_TRANSLATE_NOOP("core", "%1: %2"), std::filesystem::path("/m/config.json"), reason);
    CHECK(whole.english() == "/m/config.json: field \"n_layer\" is 0, expected 1..1024");
    REQUIRE(whole.args().size() == 2);
    CHECK(whole.args()[1].nested);  // the reason is translated in its own right

    // A translation may put the arguments in another order; every template is passed through it.
    const auto reversed = whole.render([](const char* pattern) -> std::string {
        if (std::string(pattern) == "%1: %2") return "%2 (in %1)";
        if (std::string(pattern) == "field \"%1\" is %2, expected %3..%4") return "%1 = %2 ∉ [%3, %4]";
        return pattern;
    });
    CHECK(reversed == "n_layer = 0 ∉ [1, 1024] (in /m/config.json)");

    // Arguments are inserted verbatim: a %1 inside an argument is not filled again.
    CHECK(Message(QT_TRANSLATE_NOOP("core", "token '%1' (id %2)"), "%2", 7).english() == "token '%2' (id 7)");
    CHECK(Message::fill("100% of %1, %9", {"x"}) == "100% of x, %9");
    CHECK(Message(QT_TRANSLATE_NOOP("core", "is %1"), 0.25).english() == "is 0.25");
    CHECK(Message::verbatim("not a template: %1").english() == "not a template: %1");
}

TEST_CASE("the core's errors carry their message, and what() is its English", "[message]") {
    try {
        Gpt2Model::loadFolder("/no/such/attnscope/folder");
        FAIL("a missing folder loaded");
    } catch (const FormatError& e) {
        CHECK(std::string(e.what()) == e.message().english());
        CHECK_THAT(e.what(), Catch::StartsWith("/no/such/attnscope/folder: does not exist (expected a GPT-2 model folder"));
        CHECK(std::string(e.message().pattern()) == "%1: does not exist (%2)");
        CHECK(messageOf(e).english() == e.what());
    }
    const std::runtime_error foreign("from elsewhere");
    CHECK(messageOf(foreign).english() == "from elsewhere");
    CHECK(std::string(messageOf(foreign).pattern() ? "template" : "verbatim") == "verbatim");
}
