#pragma once
// The bad-input corpus of issue 12 (tests/data/bad/README.md), generated rather than stored:
// CheXmask CSVs, images, databases and model files, each with the fragment of the error that
// must name its problem. The CLI test runs each through the command that reads it
// (tests/cli/BadInputCorpusTest.cpp), the GUI test through the window
// (tests/ui/widgets/BadInputGuiTest.cpp): the same errors in both.

#include <functional>
#include <string>
#include <vector>

namespace cxr::test {

/// What reads a case: `csv check` / import, `info` / the image view, `db status` / opening the
/// database, `segment --model` / a segmentation job.
enum class BadInputKind { Csv, Image, Database, Model };

struct BadInputCase {
  std::string name;                    ///< file name in the corpus (its extension matters)
  std::function<std::string()> bytes;  ///< content; "" when it needs absent shared data (skip),
                                       ///< except for the cases named empty.*
  BadInputKind kind;
  std::string problem;                 ///< fragment the error must contain
};

std::vector<BadInputCase> badInputCorpus();
/// Header of a released CheXmask model CSV (the rows of the corpus and of the reliability tests).
extern const char* const kModelCsvHeader;
/// A flat landmark field "first,101,102,..." of `count` coordinates (bad values go first).
std::string landmarkField(int count = 240, const std::string& first = "100");
/// The bundled demo model (a good file, from which the broken ones are cut).
std::string demoModelPath();

}  // namespace cxr::test
