// The documentation is true: every `chexreview-cli <command>` written in docs/*.md and README.md
// is a command the CLI lists in its --help, and every option written after it is an option that
// command lists in its own --help. Documentation can only mention what the application does.
#include "tests/cli/CliRunner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

/// One `chexreview-cli ...` command line found in a document.
struct DocCommand {
  std::string where;                  // file:line
  std::string text;                   // what follows "chexreview-cli"
  std::vector<std::string> tokens;    // words and options, brackets stripped
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool isCodeFence(const std::string& line) { return trim(line).rfind("```", 0) == 0; }
bool isIndentedCode(const std::string& line) { return line.rfind("    ", 0) == 0 || line.rfind("\t", 0) == 0; }

/// Splits a command's text into tokens: stops at a shell comment, a pipe, a redirection or a
/// command separator; strips the brackets and commas of usage notation ("[--shard I/N]").
std::vector<std::string> tokenize(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string t;
  while (in >> t) {
    if (t[0] == '#' || t == "|" || t == "||" || t == "&&" || t == ";" || t[0] == '>' || t[0] == '<' ||
        t.rfind("2>", 0) == 0 || t == "\\")
      break;
    while (!t.empty() && (t.front() == '[' || t.front() == '(' || t.front() == '"')) t.erase(t.begin());
    while (!t.empty() && (t.back() == ']' || t.back() == ')' || t.back() == ',' || t.back() == '"' ||
                          t.back() == ';'))
      t.pop_back();
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

/// Whether a name preceded by `before` stands where a shell runs a command (and is not, say, one
/// of the targets in "cmake --build build --target chexreview chexreview-cli"): at the start, after
/// a prompt ("$"), a log time stamp ("[09:13:20]"), "&&", "||", ";", "|", "(", "$(" or an inline
/// code span's backtick, optionally followed by environment assignments, sudo, time or exec and
/// with a path before the name ("build/app/cli/chexreview-cli").
bool atCommandPosition(std::string before) {
  while (!before.empty() && !std::isspace(static_cast<unsigned char>(before.back())) && before.back() != '`' &&
         before.back() != '(' && before.back() != ';' && before.back() != '|')
    before.pop_back();  // the path in front of the name
  std::vector<std::string> words;
  std::istringstream in(before);
  for (std::string w; in >> w;) words.push_back(w);
  auto isAssignment = [](const std::string& w) {
    const auto eq = w.find('=');
    return eq != std::string::npos && eq > 0 && std::isupper(static_cast<unsigned char>(w[0]));
  };
  while (!words.empty() && (isAssignment(words.back()) || words.back() == "sudo" || words.back() == "time" ||
                            words.back() == "exec"))
    words.pop_back();
  if (words.empty()) return true;
  const std::string& last = words.back();
  if (last == "$") return true;
  for (const char* end : {"&&", "||", ";", "|", "(", "`", "]"})
    if (last.size() >= std::strlen(end) && last.compare(last.size() - std::strlen(end), std::string::npos, end) == 0)
      return true;
  return false;
}

/// Every occurrence of "chexreview-cli" followed by a command in `content`. In fenced or
/// indented code a command runs to the end of its line (continued by a trailing backslash or an
/// indented line starting with an option or "["); in inline code, to the closing backtick (which
/// may be on a following line of the paragraph).
std::vector<DocCommand> extractCommands(const std::string& content, const std::string& file) {
  std::vector<std::string> lines;
  {
    std::istringstream in(content);
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
  }
  static const std::string kName = "chexreview-cli";
  std::vector<DocCommand> commands;
  bool fenced = false;
  bool previousBlank = true;
  bool indentedBlock = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (isCodeFence(line)) {
      fenced = !fenced;
      continue;
    }
    // An indented code block starts after a blank line (not inside a list item's continuation).
    if (!fenced) {
      if (trim(line).empty()) indentedBlock = false;
      else if (isIndentedCode(line) && previousBlank) indentedBlock = true;
      else if (!isIndentedCode(line)) indentedBlock = false;
    }
    previousBlank = trim(line).empty();
    for (size_t pos = line.find(kName); pos != std::string::npos; pos = line.find(kName, pos + kName.size())) {
      // In a shell comment of a code block the usual Markdown rules apply again.
      const std::string before = line.substr(0, pos);
      const bool code = (fenced || indentedBlock) && trim(before).rfind('#', 0) != 0 && before.find(" #") == std::string::npos;
      const size_t end = pos + kName.size();
      if (pos > 0 && (std::isalnum(static_cast<unsigned char>(line[pos - 1])) || line[pos - 1] == '-' ||
                      line[pos - 1] == '_'))
        continue;
      if (end < line.size() && line[end] != ' ' && line[end] != '`') continue;  // "chexreview-cli:" is output
      std::string text;
      const bool inlineCode = !code && std::count(line.begin(), line.begin() + long(pos), '`') % 2 == 1;
      if (!atCommandPosition(inlineCode ? before.substr(before.rfind('`') + 1) : before)) continue;
      if (inlineCode) {
        // Inline code: up to the closing backtick, possibly on the next lines of the paragraph.
        std::string rest = line.substr(end);
        size_t j = i;
        while (rest.find('`') == std::string::npos && j + 1 < lines.size() && !trim(lines[j + 1]).empty())
          rest += " " + lines[++j];
        text = rest.substr(0, rest.find('`'));
      } else {
        text = line.substr(end);
        if (!code) text = text.substr(0, text.find('`'));
        size_t j = i;
        auto continues = [&](const std::string& t) {
          const std::string r = trim(t);
          return !r.empty() && r.back() == '\\';
        };
        while (code && j + 1 < lines.size()) {
          const std::string next = trim(lines[j + 1]);
          const bool indentedOption = (lines[j + 1].rfind(" ", 0) == 0) && !next.empty() &&
                                      (next[0] == '[' || next[0] == '-');
          if (!continues(text) && !indentedOption) break;
          std::string t = trim(text);
          if (!t.empty() && t.back() == '\\') t.pop_back();
          text = t + " " + next;
          ++j;
        }
      }
      DocCommand c{file + ":" + std::to_string(i + 1), text, tokenize(text)};
      // "chexreview-cli 1.0 (git ...)" is --version output shown in a document, not a command.
      if (!c.tokens.empty() && !std::isdigit(static_cast<unsigned char>(c.tokens[0][0])))
        commands.push_back(std::move(c));
    }
  }
  return commands;
}

/// What `chexreview-cli <path> --help` lists.
struct HelpListing {
  bool ok = false;
  std::set<std::string> subcommands;
  std::set<std::string> options;  // "-d", "--db", ...
};

HelpListing parseHelp(const std::string& output) {
  HelpListing h;
  enum { None, Options, Subcommands } section = None;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Options:", 0) == 0) { section = Options; continue; }
    if (line.rfind("Subcommands:", 0) == 0) { section = Subcommands; continue; }
    if (!line.empty() && line[0] != ' ') { section = None; continue; }
    const std::string t = trim(line);
    if (line.rfind("  ", 0) != 0 || line.rfind("    ", 0) == 0 || t.empty()) continue;  // wrapped text
    const std::string first = t.substr(0, t.find(' '));
    if (section == Subcommands) h.subcommands.insert(first);
    if (section == Options && first[0] == '-') {
      std::istringstream names(first);
      std::string n;
      while (std::getline(names, n, ',')) h.options.insert(n);
    }
  }
  h.ok = h.options.count("--help") > 0;
  return h;
}

class HelpCache {
 public:
  const HelpListing& operator()(const std::vector<std::string>& path) {
    auto it = m_cache.find(path);
    if (it != m_cache.end()) return it->second;
    std::vector<std::string> args = path;
    args.push_back("--help");
    const CliResult r = runCli(args);
    HelpListing h = r.exitCode == 0 ? parseHelp(r.output) : HelpListing{};
    return m_cache.emplace(path, std::move(h)).first->second;
  }

 private:
  std::map<std::vector<std::string>, HelpListing> m_cache;
};

bool isOption(const std::string& t) {
  return t.size() >= 2 && t[0] == '-' &&
         (std::isalpha(static_cast<unsigned char>(t[1])) ||
          (t[1] == '-' && t.size() > 2 && std::isalpha(static_cast<unsigned char>(t[2]))));
}

std::vector<std::string> alternatives(const std::string& word) {
  std::vector<std::string> out;
  std::istringstream in(word);
  std::string a;
  while (std::getline(in, a, '|')) out.push_back(a);
  return out;
}

/// Problems of one documented command (empty: it is true). `checked` counts the options checked.
std::vector<std::string> check(const DocCommand& c, HelpCache& help, int& checkedOptions) {
  std::vector<std::string> problems;
  std::string shown = "chexreview-cli";
  for (const auto& t : c.tokens) shown += " " + t;
  auto report = [&](const std::string& what) { problems.push_back(c.where + ": `" + shown + "`: " + what); };
  size_t i = 0;
  std::vector<std::vector<std::string>> paths{{}};
  // The command and, for groups (csv, db, refset), its subcommand; "a|b" documents several.
  while (i < c.tokens.size() && !isOption(c.tokens[i])) {
    const HelpListing& parent = help(paths.front());
    if (parent.subcommands.empty()) break;  // the rest are positional arguments
    std::vector<std::vector<std::string>> next;
    for (const auto& p : paths)
      for (const auto& alt : alternatives(c.tokens[i])) {
        if (!help(p).subcommands.count(alt)) {
          report("'" + alt + "' is not a command listed by `chexreview-cli" +
                 (p.empty() ? std::string() : " " + p.front()) + " --help`");
          return problems;
        }
        auto q = p;
        q.push_back(alt);
        next.push_back(q);
      }
    paths = next;
    ++i;
  }
  if (paths.front().empty() && i < c.tokens.size() && !isOption(c.tokens[i])) {
    report("no command");
    return problems;
  }
  for (; i < c.tokens.size(); ++i) {
    if (!isOption(c.tokens[i])) continue;
    const std::string name = c.tokens[i].substr(0, c.tokens[i].find('='));
    for (const auto& p : paths) {
      const HelpListing& h = help(p);
      if (!h.ok) {
        report("`--help` of this command failed");
        return problems;
      }
      ++checkedOptions;
      if (!h.options.count(name)) {
        std::string cmd;
        for (const auto& w : p) cmd += " " + w;
        report("option '" + name + "' is not listed by `chexreview-cli" + cmd + " --help`");
      }
    }
  }
  return problems;
}

std::vector<fs::path> documents() {
  const fs::path root(CXR_SOURCE_DIR);
  std::vector<fs::path> files{root / "README.md"};
  for (const auto& e : fs::directory_iterator(root / "docs"))
    if (e.path().extension() == ".md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DocsCommandsTest, EveryDocumentedCommandAndOptionExists) {
  HelpCache help;
  ASSERT_TRUE(help({}).ok) << "chexreview-cli --help did not answer";
  ASSERT_GE(help({}).subcommands.size(), 10u);
  std::vector<std::string> problems;
  int commands = 0, options = 0;
  std::set<std::string> used;
  for (const auto& file : documents()) {
    const std::string name = file.lexically_relative(CXR_SOURCE_DIR).string();
    for (const auto& c : extractCommands(readFile(file), name)) {
      ++commands;
      if (!isOption(c.tokens[0]))
        for (const auto& alt : alternatives(c.tokens[0])) used.insert(alt);
      for (auto& p : check(c, help, options)) problems.push_back(std::move(p));
    }
  }
  std::string all;
  for (const auto& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << problems.size() << " documented command(s) do not exist:" << all;
  // Not vacuous: the docs show most commands with options.
  std::printf("checked %d documented commands (%zu distinct), %d options\n", commands, used.size(), options);
  EXPECT_GE(commands, 60);
  EXPECT_GE(options, 100);
}

TEST(DocsCommandsTest, EveryCommandOfTheCliIsDocumented) {
  HelpCache help;
  std::set<std::string> documented;
  for (const auto& file : documents())
    for (const auto& c : extractCommands(readFile(file), file.string()))
      for (const auto& alt : alternatives(c.tokens[0])) documented.insert(alt);
  for (const auto& name : help({}).subcommands)
    EXPECT_TRUE(documented.count(name)) << "`chexreview-cli " << name << "` is not shown in README.md or docs/*.md";
}

/// The Markdown outside fenced code blocks and inline code spans (where "](" is C++).
std::string withoutCode(const std::string& content) {
  std::istringstream in(content);
  std::string line, out;
  bool fenced = false;
  while (std::getline(in, line)) {
    if (isCodeFence(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    bool inCode = false;
    for (char ch : line) {
      if (ch == '`') inCode = !inCode;
      else if (!inCode) out += ch;
    }
    out += '\n';
  }
  return out;
}

// Every relative link and image of README.md and docs/*.md points at a file of the repository.
TEST(DocsCommandsTest, EveryRelativeLinkAndImageExists) {
  int links = 0;
  std::vector<std::string> broken;
  for (const auto& file : documents()) {
    const std::string text = withoutCode(readFile(file));
    // ](target) of Markdown links and images; the target ends at ')' or a space (title).
    for (size_t pos = text.find("]("); pos != std::string::npos; pos = text.find("](", pos + 2)) {
      const size_t end = text.find_first_of(") \n", pos + 2);
      if (end == std::string::npos) break;
      std::string target = text.substr(pos + 2, end - pos - 2);
      if (target.empty() || target[0] == '#' || target.find("://") != std::string::npos ||
          target.rfind("mailto:", 0) == 0)
        continue;
      target = target.substr(0, target.find('#'));
      ++links;
      if (!fs::exists(file.parent_path() / target))
        broken.push_back(file.lexically_relative(CXR_SOURCE_DIR).string() + ": " + target);
    }
  }
  std::string all;
  for (const auto& b : broken) all += "\n  " + b;
  EXPECT_TRUE(broken.empty()) << broken.size() << " broken link(s):" << all;
  EXPECT_GE(links, 40);
}

// The README's Documentation list links every page of docs/.
TEST(DocsCommandsTest, ReadmeLinksEveryDocsPage) {
  const std::string readme = readFile(fs::path(CXR_SOURCE_DIR) / "README.md");
  int pages = 0;
  for (const auto& file : documents()) {
    if (file.parent_path().filename() != "docs") continue;
    ++pages;
    const std::string link = "](docs/" + file.filename().string() + ")";
    EXPECT_NE(readme.find(link), std::string::npos) << "README.md does not link docs/" << file.filename().string();
  }
  EXPECT_GE(pages, 15);
}

TEST(DocsCommandsTest, CheckerRejectsWrongCommandsAndOptions) {
  // The checker itself: made-up commands and options in every notation are caught.
  const std::string doc =
      "```sh\n"
      "chexreview-cli no-such-command -d x.db\n"
      "chexreview-cli export -d study.db --no-such-option 3   # comment --ignored\n"
      "chexreview-cli csv frobnicate IN.csv\n"
      "chexreview-cli segment IMAGE --model M.pt \\\n"
      "    --bogus-flag\n"
      "chexreview-cli: error: this is output, not a command\n"
      "chexreview-cli 1.0.0 (git 5a39dfe) is --version output\n"
      "cmake --build build --target chexreview chexreview-cli cxr_manpages\n"
      "```\n"
      "Inline: `chexreview-cli db init|explode DB` and `chexreview-cli rca -d\n"
      "DB --shard 1/2 --made-up`.\n"
      "Fine: `chexreview-cli export -d DB -o OUT.csv [--min-rca-mean 0.7]`\n";
  HelpCache help;
  int options = 0;
  std::vector<std::string> problems;
  const auto commands = extractCommands(doc, "synthetic.md");
  ASSERT_EQ(commands.size(), 7u);
  for (const auto& c : commands)
    for (auto& p : check(c, help, options)) problems.push_back(std::move(p));
  std::string all;
  for (const auto& p : problems) all += "\n" + p;
  ASSERT_EQ(problems.size(), 6u) << all;
  EXPECT_NE(all.find("'no-such-command' is not a command"), std::string::npos) << all;
  EXPECT_NE(all.find("'--no-such-option'"), std::string::npos) << all;
  EXPECT_EQ(all.find("--ignored"), std::string::npos) << "a shell comment is not part of the command";
  EXPECT_NE(all.find("'frobnicate' is not a command listed by `chexreview-cli csv --help`"), std::string::npos) << all;
  EXPECT_NE(all.find("'--bogus-flag'"), std::string::npos) << "continuation lines belong to the command";
  EXPECT_NE(all.find("'explode'"), std::string::npos) << all;
  EXPECT_NE(all.find("'--made-up'"), std::string::npos) << "inline code may continue on the next line";
  EXPECT_NE(all.find("synthetic.md:11"), std::string::npos) << all;
}

}  // namespace
}  // namespace cxr::test
