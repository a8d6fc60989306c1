// The phrase patterns tr_sentence() rewrites the core's composed sentences with (see i18n.hpp).
// Every other translation lives in the gettext catalogue assets/i18n/zh_CN.po; the words these
// patterns leave in place (names, objects) are looked up there. Temporary: the core is to hand
// the UI structured messages instead, and these patterns go.
#include "app/ui/i18n.hpp"

namespace tl::ui {

// Sentences the core composes from names: the structure first, then the names and objects.
static const ZhPattern kPatterns[] = {
    // Pool tasks and worker processes.
    {R"(Process (\d+): pid (\d+) died \((.+)\) while running task (\d+); replacing it)", "进程 $1：pid $2 已退出（$3），当时在运行任务 $4；正在替换它"},
    {R"(Process (\d+): pid (\d+) died \((.+)\); replacing it)", "进程 $1：pid $2 已退出（$3）；正在替换它"},
    {R"(Process (\d+): worker failed to start \(attempt (\d+)\): )", "进程 $1：工作进程启动失败（第 $2 次尝试）："},
    {R"(\(waiting for task #(\d+)\))", "（等待任务 #$1）"},
    {R"(\btask #(\d+))", "任务 #$1"},
    {R"(\btask (\d+) failed)", "任务 $1 失败"},
    {R"(, )", "，"},
    {R"(; )", "；"},
};

std::pair<const ZhPattern*, std::size_t> zh_patterns() { return {kPatterns, sizeof kPatterns / sizeof kPatterns[0]}; }

} // namespace tl::ui
