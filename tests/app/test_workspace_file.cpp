// The .attnscope format (app/WorkspaceFile): what is written is read back the same, and every
// malformed file is refused with a message naming the file and the field.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "app/WorkspaceFile.h"
#include "model/Errors.h"

using namespace attnscope;
using namespace attnscope::workspace;

namespace {

Workspace sample() {
    Workspace w;
    w.modelFolder = "/models/gpt2";
    w.modelName = "gpt2";
    w.modelFingerprint = "ab12";
    w.controls.prompt = "A robot must obey";
    w.controls.greedy = false;
    w.controls.temperature = 0.7;
    w.controls.topK = 40;
    w.controls.topP = 0.9;
    w.controls.seed = 42;
    w.controls.maxNewTokens = 12;
    w.controls.paceTenths = 5;
    w.timelinePrompt = "A robot must obey";
    w.promptTokens = {32, 9379, 1276, 22389};
    SamplingSettings sampled;
    sampled.greedy = false;
    sampled.temperature = 0.7f;
    sampled.topK = 40;
    sampled.topP = 0.9f;
    sampled.seed = 42;
    w.steps = {{262, ChoiceKind::Sampled, 0.25f, sampled, {}},
               {1502, ChoiceKind::Forced, 0.0125f, sampled, {}},
               {13, ChoiceKind::Greedy, 0.5f, {}, {{1, 2, {}}, {0, 3, {0.125f, -2.5f, 1e-7f}}}}};
    w.branches = {{w.steps[0], {318, ChoiceKind::Sampled, 0.0625f, sampled, {}}}};
    w.ablation = {true, true, {{1, 2}, {0, 3}}, {{1, 2, {}}, {0, 3, {0.125f, -2.5f, 1e-7f}}}};
    w.currentStep = 1;
    w.selection = {3, 2, false, 4};
    w.layout = {"Z2VvbWV0cnk=", "c3RhdGU=", 1, 3};
    return w;
}

std::string withChange(const std::function<void(nlohmann::json&)>& change) {
    auto j = nlohmann::json::parse(toJson(sample()));
    change(j);
    return j.dump();
}

}  // namespace

TEST_CASE("a workspace is read back exactly as it was written", "[app][workspace]") {
    const Workspace w = sample();
    const Workspace r = fromJson(toJson(w), "lesson.attnscope");
    CHECK(r.modelFolder == w.modelFolder);
    CHECK(r.modelFingerprint == w.modelFingerprint);
    CHECK(r.controls.prompt == w.controls.prompt);
    CHECK(r.controls.greedy == w.controls.greedy);
    CHECK(r.controls.temperature == w.controls.temperature);
    CHECK(r.controls.seed == w.controls.seed);
    CHECK(r.controls.paceTenths == w.controls.paceTenths);
    CHECK(r.promptTokens == w.promptTokens);
    REQUIRE(r.steps.size() == w.steps.size());
    for (std::size_t i = 0; i < w.steps.size(); ++i) {
        CHECK(r.steps[i].token == w.steps[i].token);
        CHECK(r.steps[i].kind == w.steps[i].kind);
        CHECK(r.steps[i].probability == w.steps[i].probability);  // floats survive the JSON round trip
        CHECK(r.steps[i].sampling.temperature == w.steps[i].sampling.temperature);
        CHECK(r.steps[i].sampling.seed == w.steps[i].sampling.seed);
        CHECK(r.steps[i].sampling.greedy == w.steps[i].sampling.greedy);
    }
    CHECK(r.steps[2].headsOff == w.steps[2].headsOff);  // mean outputs survive bit for bit
    REQUIRE(r.branches.size() == 1);
    REQUIRE(r.branches[0].size() == 2);
    CHECK(r.branches[0][1].token == 318);
    CHECK(r.branches[0][0].token == 262);
    CHECK(r.ablation.generateWithHeadsOff);
    CHECK(r.ablation.meanMode);
    CHECK(r.ablation.checked == w.ablation.checked);
    CHECK(r.ablation.active == w.ablation.active);
    CHECK(r.currentStep == 1);
    CHECK(r.selection.layer == 3);
    CHECK(r.selection.query == 4);
    CHECK(r.layout.windowState == w.layout.windowState);
    CHECK(r.layout.stepperStage == 3);
}

TEST_CASE("the controls alone are kept in the workspace's form and read back with its checks", "[app][workspace]") {
    Controls c{"The cat \"sat\"\n", true, false, 0.7, 12, 0.9, 123456789012, 77, 15};
    const Controls back = controlsFromJson(controlsToJson(c), "settings");
    CHECK(back.prompt == c.prompt);
    CHECK(back.specialsAsText);
    CHECK_FALSE(back.greedy);
    CHECK(back.temperature == 0.7);
    CHECK(back.topK == 12);
    CHECK(back.topP == 0.9);
    CHECK(back.seed == 123456789012);
    CHECK(back.maxNewTokens == 77);
    CHECK(back.paceTenths == 15);
    // A damaged value is refused, naming where it came from and the field.
    auto j = nlohmann::json::parse(controlsToJson(c));
    j["top_p"] = 7;
    try {
        controlsFromJson(j.dump(), "attnscope.conf");
        FAIL("accepted top_p = 7");
    } catch (const FormatError& e) {
        CHECK_THAT(e.what(), Catch::Contains("attnscope.conf") && Catch::Contains("top_p"));
    }
    CHECK_THROWS_AS(controlsFromJson("{", "attnscope.conf"), FormatError);
}

TEST_CASE("a version 1 workspace (no branches, no heads switched off) is still read", "[app][workspace]") {
    const std::string v1 = withChange([](auto& j) {
        j["version"] = 1;
        j["timeline"].erase("branches");
        j.erase("ablation");
        for (auto& step : j["timeline"]["steps"]) step.erase("heads_off");
    });
    const Workspace r = fromJson(v1, "old.attnscope");
    CHECK(r.steps.size() == 3);
    CHECK(r.branches.empty());
    CHECK(r.steps[2].headsOff.empty());
    CHECK_FALSE(r.ablation.generateWithHeadsOff);
    CHECK(r.ablation.active.empty());
}

TEST_CASE("a prompt with invalid UTF-8 is still saved", "[app][workspace]") {
    Workspace w = sample();
    w.controls.prompt = "caf\xe9";
    const Workspace r = fromJson(toJson(w), "x.attnscope");
    CHECK(r.controls.prompt == "caf\xef\xbf\xbd");  // replaced by U+FFFD, not refused
}

TEST_CASE("malformed workspaces are refused with the file and the field", "[app][workspace]") {
    CHECK_THROWS_WITH(fromJson("{not json", "a.attnscope"), Catch::StartsWith("a.attnscope: not valid JSON"));
    CHECK_THROWS_WITH(fromJson("[]", "a.attnscope"), Catch::Contains("expected an object"));
    CHECK_THROWS_WITH(fromJson(R"({"format":"other"})", "a.attnscope"), Catch::Contains("not an attnscope workspace"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["version"] = 7; }), "a.attnscope"),
                      Catch::Contains("newer attnscope (workspace version 7); this one reads version 2"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["branches"][0] = nlohmann::json::array(); }), "a.attnscope"),
                      Catch::Contains("\"timeline.branches[0]\" is not a non-empty array of steps"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["branches"][0][1]["token"] = "x"; }), "a.attnscope"),
                      Catch::Contains("\"timeline.branches[0][1].token\" is string, expected an integer"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][2]["heads_off"][1]["replacement"][0] = "NaN"; }), "a.attnscope"),
                      Catch::Contains("\"timeline.steps[2].heads_off[1].replacement\" entry 0 is not a finite number"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][2]["heads_off"][0]["layer"] = -1; }), "a.attnscope"),
                      Catch::Contains("\"timeline.steps[2].heads_off[0].layer\" is -1"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["ablation"]["mode"] = "half"; }), "a.attnscope"),
                      Catch::Contains("\"ablation.mode\" is \"half\""));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["ablation"]["checked"][0] = {1}; }), "a.attnscope"),
                      Catch::Contains("\"ablation.checked\" entry 0 is not a [layer, head] pair"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j.erase("ablation"); }), "a.attnscope"),
                      Catch::Contains("missing field \"ablation\""));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["controls"].erase("prompt"); }), "a.attnscope"),
                      Catch::Contains("missing field \"controls.prompt\""));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][1]["sampling"]["temperature"] = "hot"; }), "a.attnscope"),
                      Catch::Contains("field \"timeline.steps[1].sampling.temperature\" is string, expected a number"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][0]["choice"] = "guessed"; }), "a.attnscope"),
                      Catch::Contains("\"timeline.steps[0].choice\" is \"guessed\""));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["current_step"] = 3; }), "a.attnscope"),
                      Catch::Contains("\"timeline.current_step\" is 3, expected -1..2"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][0]["probability"] = 1.5; }), "a.attnscope"),
                      Catch::Contains("probability\" is 1.5"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["prompt_tokens"][2] = -4; }), "a.attnscope"),
                      Catch::Contains("entry 2 is not a token id"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["prompt_tokens"] = nlohmann::json::array(); }), "a.attnscope"),
                      Catch::Contains("prompt_tokens\" is empty"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["selection"]["layer"] = 1e300; }), "a.attnscope"),
                      Catch::Contains("\"selection.layer\" is number, expected an integer"));
    CHECK_THROWS_WITH(fromJson(withChange([](auto& j) { j["timeline"]["steps"][0]["sampling"]["seed"] = -1; }), "a.attnscope"),
                      Catch::Contains("expected a non-negative integer"));
}

TEST_CASE("a hostile workspace cannot ask for unbounded work", "[app][workspace]") {
    const std::string manySteps = withChange([](auto& j) {
        auto step = j["timeline"]["steps"][0];
        j["timeline"]["steps"] = nlohmann::json::array();
        for (std::size_t i = 0; i <= kMaxSteps; ++i) j["timeline"]["steps"].push_back(step);
    });
    CHECK_THROWS_WITH(fromJson(manySteps, "a.attnscope"), Catch::Contains("at most 65536 are allowed"));
    CHECK_THROWS_WITH(fromJson(std::string(kMaxFileBytes + 1, ' '), "a.attnscope"), Catch::Contains("a workspace is a few KB"));

    // The DOM is bounded while it is parsed, before any field is looked at.
    CHECK_THROWS_WITH(fromJson(std::string(1 << 20, '['), "a.attnscope"),
                      Catch::Contains("a.attnscope: nests deeper than a workspace does"));
    std::string flat = "[";
    for (std::size_t i = 0; i <= kMaxJsonValues; ++i) flat += "0,";
    flat.back() = ']';
    CHECK_THROWS_WITH(fromJson(flat, "a.attnscope"), Catch::Contains("a.attnscope: holds more than 4194304 values"));
    // The deepest part of a real workspace (a head's replacement in a branch's step) is within.
    CHECK_NOTHROW(fromJson(toJson(sample()), "a.attnscope"));
}

TEST_CASE("the positions a workspace's replay records are counted before it starts", "[app][workspace]") {
    Workspace w = sample();
    // The main line: its 4 prompt tokens, then one position per later step (2); the branch shares
    // step 0 with it and adds one step.
    CHECK(positionsToRemake(w) == 4 + 2 + 1);
    w.branches.push_back(w.steps);  // the main line again: nothing new
    CHECK(positionsToRemake(w) == 7);
    w.branches.push_back({{99, ChoiceKind::Sampled, 0.5f, {}, {}}, w.steps[1]});  // from another first step
    CHECK(positionsToRemake(w) == 7 + 4 + 1);
    w.steps.clear();
    CHECK(positionsToRemake(w) == 0);
}

// Found by fuzz_workspace within seconds: a number beyond a double's range escaped as
// nlohmann::json::out_of_range instead of a FormatError.
TEST_CASE("fuzz finding: a workspace with a number beyond a double's range is a FormatError", "[app][workspace][fuzz]") {
    const std::string bytes = [] {
        std::ifstream in(std::string(ATTNSCOPE_TEST_DATA_DIR) + "/fuzz/fuzz_workspace/number-overflow-1e3007.attnscope", std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    REQUIRE(bytes.find("1e3007") != std::string::npos);
    CHECK_THROWS_AS(fromJson(bytes, "crash.attnscope"), FormatError);
    CHECK_THROWS_WITH(fromJson(R"({"format":"attnscope-workspace","version":1e999})", "a.attnscope"), Catch::Contains("not valid JSON"));
}
