// [SECTION] index
// - tokens
// - parser (recursive descent: comparison > sum > product > unary > primary)
// - evaluation
// - field checks against an example result
#include "core/lessons/expectation.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace tl {

namespace {

const std::vector<std::string>& aggregate_names() {
    static const std::vector<std::string> names{"min", "max", "sum", "count", "count_distinct", "all", "any", "sorted"};
    return names;
}
bool takes_condition(const std::string& f) { return f == "count" || f == "all" || f == "any"; }
bool is_compare(const std::string& op) {
    return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

std::string join(const std::vector<std::string>& path, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n && i < path.size(); ++i) out += (i ? "." : "") + path[i];
    return out;
}

// [SECTION] tokens

struct Token {
    enum class Kind : std::uint8_t { End, Name, Number, String, Op };
    Kind kind = Kind::End;
    std::string text;
    double number = 0;
    std::size_t at = 0; ///< byte offset
};

struct ParseError {
    std::string message;
    std::size_t at = 0;
};

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        Token t;
        t.at = i;
        if (name_start(c)) {
            std::size_t j = i;
            while (j < s.size() && name_char(s[j])) ++j;
            t.kind = Token::Kind::Name;
            t.text = s.substr(i, j - i);
            i = j;
        } else if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            std::size_t j = i;
            while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                std::size_t k = j + 1;
                if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
                if (k < s.size() && s[k] >= '0' && s[k] <= '9') {
                    j = k;
                    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
                }
            }
            t.kind = Token::Kind::Number;
            t.text = s.substr(i, j - i);
            if (std::count(t.text.begin(), t.text.end(), '.') > 1) throw ParseError{"bad number '" + t.text + "'", i};
            t.number = std::stod(t.text);
            if (j < s.size() && name_char(s[j])) throw ParseError{"bad number '" + s.substr(i, j - i + 1) + "'", i};
            i = j;
        } else if (c == '"' || c == '\'') {
            const std::size_t end = s.find(c, i + 1);
            if (end == std::string::npos) throw ParseError{"unterminated string", i};
            t.kind = Token::Kind::String;
            t.text = s.substr(i + 1, end - i - 1);
            i = end + 1;
        } else {
            static const char* ops[] = {"==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", "."};
            for (const char* op : ops)
                if (s.compare(i, std::char_traits<char>::length(op), op) == 0) {
                    t.kind = Token::Kind::Op;
                    t.text = op;
                    break;
                }
            if (t.kind != Token::Kind::Op) {
                if (c == '=') throw ParseError{"unknown operator '=' (use == to compare)", i};
                if (c == '&' || c == '|' || c == '!')
                    throw ParseError{"unknown operator '" + std::string(1, c) +
                                         "' (each expectation is one comparison; list several in expect = [...], "
                                         "use 'not' to negate)",
                                     i};
                throw ParseError{"unexpected character '" + std::string(1, c) + "'", i};
            }
            i += t.text.size();
        }
        out.push_back(std::move(t));
    }
    Token end;
    end.at = s.size();
    out.push_back(end);
    return out;
}

// [SECTION] parser

class Parser {
public:
    explicit Parser(const std::string& s) : toks_(tokenize(s)) {}

    ExprNode expectation() {
        ExprNode e = comparison();
        if (peek().kind != Token::Kind::End) {
            const Token& t = peek();
            if (t.kind == Token::Kind::Op && is_compare(t.text))
                throw ParseError{"one comparison per expectation: write a second one in expect = [...]", t.at};
            if (t.kind == Token::Kind::Name && (t.text == "and" || t.text == "or"))
                throw ParseError{"'" + t.text + "' is not supported: list each condition in expect = [...]", t.at};
            throw ParseError{"unexpected '" + t.text + "'", t.at};
        }
        return e;
    }

private:
    std::vector<Token> toks_;
    std::size_t pos_ = 0;

    const Token& peek(std::size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
    const Token& next() { return toks_[std::min(pos_++, toks_.size() - 1)]; }
    bool accept_op(const char* op) {
        if (peek().kind == Token::Kind::Op && peek().text == op) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect_op(const char* op, const char* what) {
        if (!accept_op(op)) throw ParseError{std::string("expected '") + op + "' " + what + describe(peek()), peek().at};
    }
    static std::string describe(const Token& t) {
        return t.kind == Token::Kind::End ? ", found the end" : ", found '" + t.text + "'";
    }

    ExprNode comparison() {
        if (peek().kind == Token::Kind::Name && peek().text == "not") {
            ExprNode n;
            n.kind = ExprNode::Kind::Not;
            n.column = static_cast<int>(next().at);
            n.args.push_back(comparison());
            return n;
        }
        ExprNode left = sum();
        if (peek().kind == Token::Kind::Op && is_compare(peek().text)) {
            ExprNode n;
            n.kind = ExprNode::Kind::Compare;
            n.column = static_cast<int>(peek().at);
            n.op = next().text;
            n.args.push_back(std::move(left));
            n.args.push_back(sum());
            return n;
        }
        return left;
    }

    ExprNode sum() {
        ExprNode left = product();
        while (peek().kind == Token::Kind::Op && (peek().text == "+" || peek().text == "-")) left = arith(std::move(left), &Parser::product);
        return left;
    }
    ExprNode product() {
        ExprNode left = unary();
        while (peek().kind == Token::Kind::Op && (peek().text == "*" || peek().text == "/")) left = arith(std::move(left), &Parser::unary);
        return left;
    }
    ExprNode arith(ExprNode left, ExprNode (Parser::*rhs)()) {
        ExprNode n;
        n.kind = ExprNode::Kind::Arith;
        n.column = static_cast<int>(peek().at);
        n.op = next().text;
        n.args.push_back(std::move(left));
        n.args.push_back((this->*rhs)());
        return n;
    }
    ExprNode unary() {
        if (peek().kind == Token::Kind::Op && peek().text == "-") {
            const Token& minus = next();
            ExprNode inner = unary();
            if (inner.kind == ExprNode::Kind::Literal && inner.literal.is_number()) {
                inner.literal = -inner.literal.get<double>();
                inner.text = "-" + inner.text;
                inner.column = static_cast<int>(minus.at);
                return inner;
            }
            ExprNode zero;
            zero.literal = 0.0;
            ExprNode n;
            n.kind = ExprNode::Kind::Arith;
            n.op = "-";
            n.column = static_cast<int>(minus.at);
            n.args.push_back(std::move(zero));
            n.args.push_back(std::move(inner));
            return n;
        }
        return primary();
    }

    ExprNode literal_or_null() {
        const Token& t = peek();
        ExprNode n;
        n.column = static_cast<int>(t.at);
        if (t.kind == Token::Kind::Number) n.literal = t.number;
        else if (t.kind == Token::Kind::String) n.literal = t.text;
        else if (t.kind == Token::Kind::Name && t.text == "true") n.literal = true;
        else if (t.kind == Token::Kind::Name && t.text == "false") n.literal = false;
        else if (t.kind == Token::Kind::Name && t.text == "null") n.literal = nullptr;
        else return {.kind = ExprNode::Kind::Field};
        n.text = t.kind == Token::Kind::String ? "\"" + t.text + "\"" : t.text; // as written: 0, not 0.0
        ++pos_;
        return n;
    }

    std::vector<std::string> path(std::size_t* end) {
        std::vector<std::string> out;
        for (;;) {
            const Token& t = peek();
            if (t.kind != Token::Kind::Name)
                throw ParseError{"expected a field name" + describe(t), t.at};
            out.push_back(next().text);
            *end = t.at + t.text.size();
            if (!accept_op(".")) return out;
        }
    }

    ExprNode primary() {
        const Token& t = peek();
        if (t.kind == Token::Kind::Op && t.text == "(") {
            ++pos_;
            ExprNode inner = sum();
            expect_op(")", "to close '('");
            return inner;
        }
        if (ExprNode lit = literal_or_null(); lit.kind == ExprNode::Kind::Literal) return lit;
        if (t.kind != Token::Kind::Name) throw ParseError{"expected a field, a number or a string" + describe(t), t.at};
        if (t.text == "not") throw ParseError{"'not' goes at the start of an expectation", t.at};
        const bool call = peek(1).kind == Token::Kind::Op && peek(1).text == "(";
        if (call) {
            const auto& names = aggregate_names();
            if (std::find(names.begin(), names.end(), t.text) == names.end()) {
                std::string known;
                for (const auto& f : names) known += (known.empty() ? "" : ", ") + f;
                throw ParseError{"unknown function '" + t.text + "' (known: " + known + ")", t.at};
            }
            ExprNode n;
            n.kind = ExprNode::Kind::Aggregate;
            n.column = static_cast<int>(t.at);
            n.op = next().text;
            ++pos_; // (
            const std::size_t path_at = peek().at;
            std::size_t end = path_at;
            n.path = path(&end);
            n.text = n.op + "(" + join(n.path, n.path.size());
            if (peek().kind == Token::Kind::Op && is_compare(peek().text)) {
                if (!takes_condition(n.op))
                    throw ParseError{n.op + "() takes a field only; a condition goes in count(), all() or any()", peek().at};
                ExprNode cond;
                cond.kind = ExprNode::Kind::Compare;
                cond.column = static_cast<int>(peek().at);
                cond.op = next().text;
                ExprNode lit = literal_or_null();
                if (lit.kind != ExprNode::Kind::Literal)
                    throw ParseError{"expected a number, a string, true or false" + describe(peek()), peek().at};
                n.text += " " + cond.op + " " + lit.text;
                n.args.push_back(std::move(cond));
                n.args.push_back(std::move(lit));
            } else if (n.op == "all" || n.op == "any") {
                throw ParseError{n.op + "() needs a condition, e.g. " + n.op + "(rounds.lost_updates > 0)", peek().at};
            }
            expect_op(")", ("to close " + n.op + "(").c_str());
            n.text += ")";
            return n;
        }
        ExprNode n;
        n.kind = ExprNode::Kind::Field;
        n.column = static_cast<int>(t.at);
        std::size_t end = t.at;
        n.path = path(&end);
        n.text = join(n.path, n.path.size());
        return n;
    }
};

/// Byte offset -> character offset (UTF-8), so columns match what an editor shows.
int char_column(const std::string& s, std::size_t byte) {
    int col = 0;
    for (std::size_t i = 0; i < byte && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++col;
    return col;
}

void to_char_columns(ExprNode& n, const std::string& s) {
    n.column = char_column(s, static_cast<std::size_t>(n.column));
    for (ExprNode& a : n.args) to_char_columns(a, s);
}

// [SECTION] evaluation

struct EvalError {
    std::string message;
};

std::string kind_of(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "true/false";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "a list";
    return "an object";
}

class Evaluator {
public:
    explicit Evaluator(const Json& r) : result_(r) {}
    std::vector<std::pair<std::string, Json>> values;

    bool truth(const ExprNode& n) {
        if (n.kind == ExprNode::Kind::Not) return !truth(n.args[0]);
        if (n.kind == ExprNode::Kind::Compare) {
            const Json left = value(n.args[0]); // left first: the values are reported in reading order
            const Json right = value(n.args[1]);
            return compare(left, n.op, right, n.args[0], n.args[1]);
        }
        const Json v = value(n);
        if (!v.is_boolean())
            throw EvalError{name(n) + " is " + kind_of(v) + ", not true/false: compare it (e.g. " + name(n) + " > 0)"};
        return v.get<bool>();
    }

private:
    const Json& result_;

    static std::string name(const ExprNode& n) {
        if (!n.text.empty()) return n.text;
        if (n.kind == ExprNode::Kind::Literal) return n.literal.dump();
        return "the expression";
    }

    void record(const std::string& text, const Json& v) {
        for (const auto& [t, _] : values)
            if (t == text) return;
        values.emplace_back(text, v);
    }

    Json resolve(const std::vector<std::string>& path) const {
        Json cur = result_;
        for (std::size_t i = 0; i < path.size(); ++i) {
            const std::string& seg = path[i];
            auto field = [&](const Json& obj) -> Json {
                if (!obj.is_object()) throw EvalError{join(path, i) + " is " + kind_of(obj) + "; it has no field '" + seg + "'"};
                auto it = obj.find(seg);
                if (it == obj.end())
                    throw EvalError{"the result has no field '" + join(path, i + 1) + "'"};
                return *it;
            };
            if (cur.is_array()) {
                Json mapped = Json::array();
                for (const Json& el : cur) mapped.push_back(field(el));
                cur = std::move(mapped);
            } else {
                cur = field(cur);
            }
        }
        return cur;
    }

    Json value(const ExprNode& n) {
        switch (n.kind) {
        case ExprNode::Kind::Literal: return n.literal;
        case ExprNode::Kind::Field: {
            Json v = resolve(n.path);
            record(n.text, v);
            return v;
        }
        case ExprNode::Kind::Aggregate: {
            Json v = aggregate(n);
            record(n.text, v);
            return v;
        }
        case ExprNode::Kind::Arith: {
            const Json a = value(n.args[0]), b = value(n.args[1]);
            for (const auto& [v, arg] : {std::pair{&a, &n.args[0]}, std::pair{&b, &n.args[1]}})
                if (!v->is_number()) throw EvalError{name(*arg) + " is " + kind_of(*v) + ": '" + n.op + "' needs numbers"};
            const double x = a.get<double>(), y = b.get<double>();
            if (n.op == "+") return x + y;
            if (n.op == "-") return x - y;
            if (n.op == "*") return x * y;
            if (y == 0) throw EvalError{"division by zero"};
            return x / y;
        }
        case ExprNode::Kind::Not:
        case ExprNode::Kind::Compare: return truth(n);
        }
        return nullptr;
    }

    Json aggregate(const ExprNode& n) {
        Json list = resolve(n.path);
        const std::string what = join(n.path, n.path.size());
        if (list.is_object()) {
            Json values = Json::array();
            for (auto& [k, v] : list.items()) values.push_back(v);
            list = std::move(values);
        }
        if (!list.is_array()) throw EvalError{what + " is " + kind_of(list) + ", not a list: " + n.op + "() needs a list"};
        const std::string& f = n.op;
        if (f == "count" && n.args.empty()) return list.size();
        if (f == "count_distinct") {
            std::set<std::string> seen;
            for (const Json& v : list) seen.insert(v.dump());
            return seen.size();
        }
        if (f == "sorted") { // ascending: results in submission order, or not
            for (std::size_t i = 1; i < list.size(); ++i) {
                if (!list[i].is_number() || !list[i - 1].is_number())
                    throw EvalError{what + " holds " + kind_of(list[i].is_number() ? list[i - 1] : list[i]) + ": sorted() needs numbers"};
                if (list[i].get<double>() < list[i - 1].get<double>()) return false;
            }
            return true;
        }
        if (!n.args.empty()) {
            std::size_t meet = 0;
            for (const Json& v : list) meet += compare(v, n.args[0].op, n.args[1].literal, n, n.args[1]) ? 1 : 0;
            if (f == "count") return meet;
            if (f == "all") return meet == list.size();
            return meet > 0; // any
        }
        if (list.empty()) {
            if (f == "sum") return 0;
            throw EvalError{what + " is an empty list: " + f + "() has no value"};
        }
        double acc = f == "sum" ? 0.0 : list.front().is_number() ? list.front().get<double>() : 0.0;
        for (const Json& v : list) {
            if (!v.is_number()) throw EvalError{what + " holds " + kind_of(v) + ": " + f + "() needs numbers"};
            const double x = v.get<double>();
            acc = f == "sum" ? acc + x : f == "min" ? std::min(acc, x) : std::max(acc, x);
        }
        return acc;
    }

    bool compare(const Json& a, const std::string& op, const Json& b, const ExprNode& an, const ExprNode& bn) {
        for (const auto& [v, arg] : {std::pair{&a, &an}, std::pair{&b, &bn}}) {
            if (v->is_array() || v->is_object())
                throw EvalError{name(*arg) + " is " + kind_of(*v) + ": use min(), max(), sum(), count(), count_distinct(), all() or any()"};
        }
        if (a.is_number() && b.is_number()) {
            const double x = a.get<double>(), y = b.get<double>();
            if (op == "==") return x == y;
            if (op == "!=") return x != y;
            if (op == "<") return x < y;
            if (op == "<=") return x <= y;
            if (op == ">") return x > y;
            return x >= y;
        }
        if ((a.is_null() || b.is_null()) && !(a.is_null() && b.is_null()) && op != "==" && op != "!=") {
            const ExprNode& missing = a.is_null() ? an : bn;
            throw EvalError{name(missing) + " is null (not measured in this run)"};
        }
        if (op != "==" && op != "!=")
            throw EvalError{"'" + op + "' needs numbers; " + name(a.is_number() ? bn : an) + " is " + kind_of(a.is_number() ? b : a)};
        const bool same_kind = kind_of(a) == kind_of(b) || a.is_null() || b.is_null();
        if (!same_kind) throw EvalError{name(an) + " is " + kind_of(a) + " but " + name(bn) + " is " + kind_of(b)};
        return (a == b) == (op == "==");
    }
};

void collect_fields(const ExprNode& n, std::vector<FieldUse>& out) {
    if (n.kind == ExprNode::Kind::Field || n.kind == ExprNode::Kind::Aggregate) {
        const int col = n.kind == ExprNode::Kind::Aggregate ? n.column + static_cast<int>(n.op.size()) + 1 : n.column;
        out.push_back({n.path, col});
    }
    for (const ExprNode& a : n.args) collect_fields(a, out);
}

} // namespace

std::optional<Expectation> parse_expectation(const std::string& text, std::string* error, int* column) {
    try {
        Expectation e;
        e.source = text;
        e.root = Parser(text).expectation();
        to_char_columns(e.root, text);
        return e;
    } catch (const ParseError& p) {
        if (error) *error = p.message;
        if (column) *column = char_column(text, p.at);
    } catch (const std::exception& x) { // std::stod out of range
        if (error) *error = std::string("bad number (") + x.what() + ")";
        if (column) *column = 0;
    }
    return std::nullopt;
}

ExpectationResult Expectation::evaluate(const Json& result) const {
    ExpectationResult r;
    Evaluator ev(result);
    try {
        r.ok = ev.truth(root);
    } catch (const EvalError& e) {
        r.ok = false;
        r.error = e.message;
    }
    r.values = std::move(ev.values);
    return r;
}

std::vector<FieldUse> Expectation::fields() const {
    std::vector<FieldUse> out;
    collect_fields(root, out);
    return out;
}

// [SECTION] field checks

std::string check_field(const std::vector<std::string>& path, const Json& example) {
    const Json* cur = &example;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const std::string& seg = path[i];
        const Json* holder = cur;
        if (cur->is_array()) {
            if (cur->empty()) return {}; // its elements' fields are known only after a run
            holder = &cur->front();
        }
        if (holder->is_null()) return {}; // not measured before a run: its shape is unknown
        if (!holder->is_object())
            return "'" + join(path, i) + "' is " + (cur->is_array() ? "a list of values" : kind_of(*holder)) +
                   "; it has no field '" + seg + "'";
        if (holder->empty()) return {}; // keys made by the run (tasks_per_worker)
        auto it = holder->find(seg);
        if (it == holder->end()) {
            std::string known;
            for (auto& [k, _] : holder->items()) known += (known.empty() ? "" : ", ") + k;
            return "unknown field '" + join(path, i + 1) + "' (known" + (i ? " in " + join(path, i) : std::string()) +
                   ": " + known + ")";
        }
        cur = &*it;
    }
    return {};
}

} // namespace tl
