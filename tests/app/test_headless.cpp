// The headless command: options, the exported trace, and clear errors with exit codes.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "app/HeadlessCommand.h"
#include "model/Export.h"
#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using namespace attnscope::testing;
using attnscope::app::runHeadless;

namespace {

struct Run {
    int status;
    std::string out, err;
};

Run headless(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int status = runHeadless(args, out, err);
    return {status, out.str(), err.str()};
}

const std::string kTiny = checkpointDir("tiny-f32-prefixed").string();

}  // namespace

TEST_CASE("headless export writes the documented trace", "[app][headless]") {
    TempDir dir;
    const auto file = dir / "trace.json";
    const Run r = headless({"--headless", "--model", kTiny, "--prompt", "Hello, the cat", "--steps", "4", "--temperature", "0.8",
                            "--top-k", "5", "--seed", "3", "--export", file.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto trace = readJson(file);
    CHECK(trace["format"] == "attnscope-trace");
    CHECK(trace["model"]["n_layer"] == 2);
    CHECK(trace["steps"].size() == 4);
    CHECK(trace["tokens"].size() == trace["steps"][3]["positions"][1].get<std::size_t>() + 1);
    CHECK(trace["tokens"][0]["source"] == "prompt");
    CHECK(trace["tokens"].back()["source"] == "generated");

    // The same run through the library gives the same numbers.
    const auto model = Gpt2Model::loadFolder(kTiny);
    GenerationSession session(model);
    SamplingSettings s;
    s.greedy = false;
    s.temperature = 0.8f;
    s.topK = 5;
    s.seed = 3;
    std::vector<StepRecordPtr> steps;
    generate(session, {model->tokenizer().encode("Hello, the cat"), 4, s, false}, [&](const StepRecordPtr& p) { steps.push_back(p); });
    for (int i = 0; i < 4; ++i) {
        const auto& step = trace["steps"][i];
        CHECK(step["chosen"]["id"] == steps[i]->chosen);
        CHECK(step["chosen"]["how"] == "sampled");
        CHECK(step["top_k"].size() == 20);
        const auto& query = step["layers"][1]["heads"][2]["queries"].back();
        const int position = query["position"];
        const auto expected = steps[i]->attentionRow(1, 2, position);
        REQUIRE(query["attention"].size() == expected.size());
        for (std::size_t j = 0; j < expected.size(); ++j) CHECK(query["attention"][j].get<float>() == expected[j]);
        CHECK(query["scores"].size() == expected.size());
        CHECK(query["q"].size() == 8);
    }
    // The prefill step carries one query row per prompt position.
    CHECK(trace["steps"][0]["layers"][0]["heads"][0]["queries"].size() == static_cast<std::size_t>(steps[0]->length()));
}

TEST_CASE("headless prints the text without --export", "[app][headless]") {
    const Run r = headless({"--headless", "--model", kTiny, "--prompt", "the", "--steps", "3", "--greedy"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::StartsWith("the"));
}

TEST_CASE("headless errors are clear and set the exit status", "[app][headless][errors]") {
    SECTION("unknown option") {
        const Run r = headless({"--headless", "--frobnicate"});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::Contains("unknown option \"--frobnicate\""));
    }
    SECTION("a number that is not one") {
        const Run r = headless({"--headless", "--steps", "ten"});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::Contains("--steps: \"ten\" is not a valid number"));
    }
    SECTION("a folder that is not a model") {
        TempDir dir;
        const Run r = headless({"--headless", "--model", dir.path().string(), "--prompt", "x"});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("config.json"));
    }
    SECTION("a prompt longer than the context") {
        std::string prompt;
        for (int i = 0; i < 40; ++i) prompt += " the";
        const Run r = headless({"--headless", "--model", kTiny, "--prompt", prompt});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("context window holds 16"));
    }
    SECTION("invalid UTF-8 in the prompt is a warning, and the run goes on") {
        const Run r = headless({"--headless", "--model", kTiny, "--prompt", std::string("ab\xff\xfe"), "--steps", "2"});
        CHECK(r.status == 0);
        CHECK_THAT(r.err, Catch::Contains("not valid UTF-8"));
    }
    SECTION("an export path that cannot be written leaves nothing behind") {
        const Run r = headless({"--headless", "--model", kTiny, "--prompt", "the", "--export", "/nonexistent/dir/t.json"});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("/nonexistent/dir/t.json"));
    }
    SECTION("a temperature that is not a finite positive number") {
        for (const char* t : {"inf", "nan", "-1", "0"}) {
            const Run r = headless({"--headless", "--model", kTiny, "--prompt", "the", "--temperature", t});
            INFO(t);
            CHECK(r.status == 2);
            CHECK_THAT(r.err, Catch::Contains("--temperature must be a finite number greater than 0"));
        }
    }
    SECTION("greedy and sampling options together") {
        const Run r = headless({"--headless", "--greedy", "--temperature", "0.7"});
        CHECK(r.status == 2);
    }
}

TEST_CASE("the head report ranks every score's top heads", "[app][headless][scores]") {
    const Run r = headless({"--headless", "--model", kTiny, "--head-report"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    for (const char* score : {"previous-token", "first-token", "self", "duplicate-token", "induction", "entropy"}) {
        CHECK_THAT(r.out, Catch::Contains(std::string("| ") + score));
    }
    CHECK_THAT(r.out, Catch::Contains("L1.H"));
    CHECK_THAT(r.out, Catch::Contains("random tokens repeated once"));
}

TEST_CASE("a padded vocabulary runs to the end and exports every step", "[app][headless][padded]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    padVocabulary(dir.path(), 47, 4.0f);
    const auto file = dir / "trace.json";
    const Run r = headless({"--headless", "--model", dir.path().string(), "--prompt", "Hello, the cat", "--steps", "6",
                            "--temperature", "2", "--export", file.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("padded") && Catch::Contains("masked"));
    const auto trace = readJson(file);
    const int decodable = trace["model"]["decodable_vocab_size"];
    CHECK(decodable + 47 == trace["model"]["vocab_size"].get<int>());
    REQUIRE(trace["steps"].size() == 6);
    for (const auto& step : trace["steps"]) {
        CHECK(step["chosen"]["id"].get<int>() < decodable);
        for (const auto& c : step["top_k"]) CHECK(c["id"].get<int>() < decodable);
    }
}

TEST_CASE("a prompt longer than the context is refused before it is read or tokenized", "[app][headless][bounds]") {
    TempDir dir;
    const auto model = Gpt2Model::loadFolder(kTiny);
    const std::size_t bound = static_cast<std::size_t>(model->config().nPositions) * model->tokenizer().longestTokenBytes();

    SECTION("a prompt file larger than any prompt that fits") {
        writeFile(dir / "big.txt", std::string(bound + 1, 'a'));
        const Run r = headless({"--headless", "--model", kTiny, "--prompt-file", (dir / "big.txt").string()});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("big.txt: is " + std::to_string(bound + 1) + " bytes, expected a prompt of at most " +
                                          std::to_string(bound) + " bytes"));
    }
    SECTION("a prompt file that is a FIFO is refused, not waited on") {
        REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
        const Run r = headless({"--headless", "--model", kTiny, "--prompt-file", (dir / "fifo").string()});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("fifo: is a FIFO (named pipe), not a regular file"));
    }
    SECTION("a prompt of more tokens than the context, within the byte bound") {
        std::string words;
        for (int i = 0; i < 40; ++i) words += " cat";
        const Run r = headless({"--headless", "--model", kTiny, "--prompt", words});
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("tokens long, but the model's context window holds 16 tokens"));
    }
    SECTION("a prompt of more bytes than the context can hold, refused without tokenizing") {
        const auto problem = promptLengthProblem(*model, std::string(bound + 1, 'x'));
        REQUIRE(problem);
        CHECK_THAT(problem->english(), Catch::Contains("bytes: more than the model's context window of 16 tokens can hold"));
        CHECK_FALSE(promptLengthProblem(*model, "Hello"));

    }
}

namespace {

// A CSV export: its "# key: value" provenance lines, then its rows split at commas outside quotes.
struct Csv {
    std::map<std::string, std::string> provenance;
    std::vector<std::vector<std::string>> rows;
};

Csv readCsv(const std::filesystem::path& file) {
    std::ifstream in(file);
    Csv csv;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("# ", 0) == 0) {
            const auto colon = line.find(": ");
            if (colon != std::string::npos) csv.provenance[line.substr(2, colon - 2)] = line.substr(colon + 2);
            continue;
        }
        std::vector<std::string> cells(1);
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) cells.emplace_back();
            else cells.back() += c;
        }
        csv.rows.push_back(cells);
    }
    return csv;
}

}  // namespace

TEST_CASE("headless --export FILE.csv writes the app's CSVs with their provenance", "[app][headless][csv]") {
    TempDir dir;
    const auto model = Gpt2Model::loadFolder(kTiny);
    GenerationSession session(model);
    std::vector<StepRecordPtr> steps;
    generate(session, {model->tokenizer().encode("Hello, the cat"), 3, SamplingSettings{}, false},
             [&](const StepRecordPtr& p) { steps.push_back(p); });
    const StepRecord& last = *steps.back();

    SECTION("one head's attention matrix") {
        const auto file = dir / "attention.csv";
        const Run r = headless({"--headless", "--model", kTiny, "--prompt", "Hello, the cat", "--steps", "3", "--export", file.string(),
                                "--layer", "1", "--head", "2"});
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK_THAT(r.err, Catch::Contains("attention matrix of step 2"));
        const Csv csv = readCsv(file);
        CHECK(csv.provenance.at("app") == "attnscope " + appVersion());
        CHECK(csv.provenance.at("model") == model->name());
        CHECK(csv.provenance.at("model-fingerprint") == model->fingerprint());
        CHECK(csv.provenance.at("prompt") == "\"Hello, the cat\"");
        CHECK(csv.provenance.at("step") == "2");
        CHECK(csv.provenance.at("layer") == "1");
        CHECK(csv.provenance.at("head") == "2");
        CHECK(csv.provenance.at("sampling") == "greedy");
        CHECK(csv.provenance.at("heads-off") == "none");
        REQUIRE(csv.rows.size() == static_cast<std::size_t>(last.length()) + 1);
        CHECK(csv.rows[0][0] == "query \\ key");
        CHECK(csv.rows[0][1] == "0:" + tokenText(*model, last.tokens[0]));
        const Eigen::MatrixXf m = last.attentionMatrix(1, 2);
        for (int i = 0; i < last.length(); ++i) {
            REQUIRE(csv.rows[i + 1].size() == static_cast<std::size_t>(last.length()) + 1);
            for (int j = 0; j < last.length(); ++j) CHECK(std::stof(csv.rows[i + 1][j + 1]) == Approx(m(i, j)).epsilon(1e-7));
        }
        // The app writes the very same bytes (it calls the same function).
        std::ifstream in(file);
        const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(written == attentionCsv(*model, last, 1, 2, "Hello, the cat"));
    }
    SECTION("the mean of a layer's heads, and the candidates") {
        const auto mean = dir / "mean.csv";
        REQUIRE(headless({"--headless", "--model", kTiny, "--prompt", "Hello, the cat", "--steps", "3", "--export", mean.string(),
                          "--layer", "0", "--head", "mean"}).status == 0);
        const Csv csv = readCsv(mean);
        CHECK(csv.provenance.at("head") == "mean of the layer's heads");
        Eigen::MatrixXf m = Eigen::MatrixXf::Zero(last.length(), last.length());
        for (int h = 0; h < 4; ++h) m += last.attentionMatrix(0, h);
        m /= 4.0f;
        CHECK(std::stof(csv.rows.back().back()) == Approx(m(last.length() - 1, last.length() - 1)).epsilon(1e-6));

        const auto candidates = dir / "next.csv";
        REQUIRE(headless({"--headless", "--model", kTiny, "--prompt", "Hello, the cat", "--steps", "3", "--export", candidates.string(),
                          "--csv", "candidates"}).status == 0);
        const Csv next = readCsv(candidates);
        REQUIRE(next.rows.size() == last.topK.size() + 1);
        CHECK(next.rows[0] == std::vector<std::string>{"rank", "id", "token", "logit", "probability", "chosen"});
        CHECK(next.rows[1][1] == std::to_string(last.topK[0].token));
        CHECK(next.rows[1][5] == "yes");  // greedy chose the best
    }
    SECTION("bad requests are clear") {
        const Run range = headless({"--headless", "--model", kTiny, "--prompt", "Hi", "--steps", "1", "--export", (dir / "x.csv").string(),
                                    "--head", "9"});
        CHECK(range.status == 1);
        CHECK_THAT(range.err, Catch::Contains("head 9 is out of range"));
        CHECK_FALSE(std::filesystem::exists(dir / "x.csv"));
        const Run extension = headless({"--headless", "--model", kTiny, "--export", (dir / "x.txt").string()});
        CHECK(extension.status == 2);
        CHECK_THAT(extension.err, Catch::Contains("must end in .json (the trace) or .csv"));
        CHECK(headless({"--headless", "--model", kTiny, "--export", (dir / "x.csv").string(), "--csv", "logits"}).status == 2);
    }
}
