// The phrase patterns tr_sentence() rewrites the core's composed sentences with (see i18n.hpp).
// Every other translation lives in the gettext catalogue assets/i18n/zh_CN.po; the words these
// patterns leave in place (names, objects) are looked up there. Temporary: the core is to hand
// the UI structured messages instead, and these patterns go.
#include "app/ui/i18n.hpp"

namespace tl::ui {

// Sentences the core composes from names: the structure first, then the names and objects.
static const ZhPattern kPatterns[] = {
    // A self-wait: "Scientist 1 waits for the lock held by Scientist 1 (itself)".
    {R"((\S+(?: \d+)?) waits for (.+?) held by \S+(?: \d+)? \(itself\))", "$1 等待 $2，而这把锁正由它自己持有（自己锁死自己）"},
    // Deadlock cycles: "P1 waits for fork 2 held by P2, P2 waits for ..."
    {R"((\S+(?: \d+)?) waits for (.+?) held by (\S+(?: \d+)?)(?=,|$))", "$1 等待 $2（由 $3 持有）"},
    // Lock-order inversions: "P2 took fork 3 while holding fork 2; P3 took ..."
    {R"((\S+(?: \d+)?) took (.+?) while holding (.+?)(?=;|$))", "$1 在持有 $3 时拿了 $2"},
    {R"(the noodles-and-fork lock)", "面条和叉子的锁"},
    {R"(the noodles)", "面条"},
    {R"(the fork)", "叉子"},
    {R"(\bfork (\d+))", "叉子 $1"},
    {R"(\ba seat\b)", "座位"},
    {R"(\block (\d+))", "锁 $1"},
    {R"(\bScientist (\d+))", "科学家 $1"},
    {R"(\bP(\d+)\b)", "哲学家 $1"},
    {R"(, )", "，"},
    {R"(; )", "；"},
};

std::pair<const ZhPattern*, std::size_t> zh_patterns() { return {kPatterns, sizeof kPatterns / sizeof kPatterns[0]}; }

} // namespace tl::ui
