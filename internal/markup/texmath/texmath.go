// Package texmath sets the TeX of a blog's formulas ($$…$$, \(…\), \[…\],
// as MathJax and KaTeX read them in the browser) as text both books can
// print: letters in italic, symbols as their Unicode characters, scripts
// raised or lowered, fractions and roots written on one line ("(a + b)/2",
// "√(x + 1)"), the rows of an aligned or matrix environment on lines of
// their own. What it cannot set (an unknown command, an unbalanced brace)
// it refuses, and the formula is shown as its TeX.
package texmath

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Run is a piece of a set formula: text in one style.
type Run struct {
	Text   string
	Italic bool
	Bold   bool
	Script int  // 1 raised (superscript), -1 lowered (subscript), 0 on the line
	Break  bool // a line break instead of text (a display formula's rows)
}

// maxInput is the longest formula set: a longer one is no formula but a
// stray dollar sign's catch.
const maxInput = 20000

// maxDepth is how deeply groups may nest.
const maxDepth = 50

// Macros are the commands formulas define (\newcommand, \def,
// \DeclareMathOperator), by name without the backslash: the definitions of
// a post's formula serve the formulas after it, as MathJax keeps them for
// the rest of the page.
type Macros map[string]Macro

// Macro is a defined command: Body, with #1… standing for its Args
// arguments.
type Macro struct {
	Args int
	Body string
}

// maxExpansions is how many macros one formula may expand: a definition
// that calls itself stops there.
const maxExpansions = 1000

// Set sets the formula tex; display says whether it stands on its own
// (its rows go on lines of their own) rather than in a sentence.
func Set(tex string, display bool) ([]Run, error) { return SetWith(tex, display, nil) }

// SetWith sets tex as Set does, with the macros defined so far, to which
// it adds those tex defines. A formula of definitions only sets nothing.
func SetWith(tex string, display bool, macros Macros) ([]Run, error) {
	if len(tex) > maxInput {
		return nil, fmt.Errorf("formula of %d bytes, at most %d", len(tex), maxInput)
	}
	if macros == nil {
		macros = Macros{}
	}
	s := &setter{src: tex, display: display, macros: macros, expansions: new(int)}
	s.group(0, false, "")
	if s.err != nil {
		return nil, s.err
	}
	if s.pos < len(s.src) {
		return nil, fmt.Errorf("unbalanced %q", s.src[s.pos:s.pos+1])
	}
	return s.tidy(), nil
}

// setter reads a formula left to right, appending runs.
type setter struct {
	src     string
	pos     int
	display bool
	out     []Run
	err     error
	// script, italic and bold are the style of what is being set.
	script int
	bold   bool
	roman  bool // letters upright (\mathrm, \operatorname, \text)
	// thin says a thin space goes before what is next set on the line,
	// as TeX sets one after a large operator or a function's name.
	thin bool
	// cell counts the & of the current row.
	cell int
	// over is where the group being set was split by \over, \choose or
	// \atop, nil when it was not.
	over *infixSplit
	// macros are the commands defined so far; expansions counts those
	// expanded in the whole formula.
	macros     Macros
	expansions *int
}

func (s *setter) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf(format, args...)
	}
}

// emit appends text in the current style; letters are italic unless set
// upright.
func (s *setter) emit(text string, letters bool) {
	if text == "" {
		return
	}
	if s.thin && s.script == 0 {
		s.thin = false
		if !strings.HasPrefix(text, " ") && !strings.ContainsRune("()[]{},;", rune(text[0])) {
			s.out = append(s.out, Run{Text: "\u2009", Bold: s.bold})
		}
	}
	s.out = append(s.out, Run{Text: text, Italic: letters && !s.roman, Bold: s.bold, Script: s.script})
}

// emitBin appends a binary operator, spaced as TeX spaces one on the
// line: not after an opening or another operator, where it is a sign.
func (s *setter) emitBin(op string) {
	if s.script != 0 || s.lastIsOp() {
		s.emit(op, false)
		return
	}
	s.emit(" "+op+" ", false)
}

// emitRel appends a relation, spaced on the line.
func (s *setter) emitRel(rel string) {
	if s.script != 0 {
		s.emit(rel, false)
		return
	}
	s.emit(" "+rel+" ", false)
}

// lastIsOp reports whether what was set last leaves no term for a binary
// operator to follow: nothing, an opening, an operator or a relation.
func (s *setter) lastIsOp() bool {
	for i := len(s.out) - 1; i >= 0; i-- {
		last := s.out[i]
		if last.Break {
			return true
		}
		t := strings.TrimRight(last.Text, " \u00a0\u2002\u2003\u2009")
		if t == "" {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(t)
		return strings.ContainsRune("([{⟨⌊⌈,;=<>+−±∓×÷·∗≤≥≠≈∼≡→←⇒⇔⟹∈⊂⊆∪∩∧∨:", r) || last.Text != t && opAtEnd(t)
	}
	return true
}

// opAtEnd reports whether t ends in a spaced operator (" = ").
func opAtEnd(t string) bool {
	r, _ := utf8.DecodeLastRuneInString(t)
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(")]}⟩⌋⌉|‖′!", r)
}

// group sets tokens up to the closing brace (braced), to \end{env}
// (env given) or to the end, and reports whether \end{env} ended it.
func (s *setter) group(depth int, braced bool, env string) bool {
	if depth > maxDepth {
		s.fail("groups nested more than %d deep", maxDepth)
		return false
	}
	start, savedOver := len(s.out), s.over
	s.over = nil
	defer func() {
		if s.over != nil && s.err == nil {
			s.infix(start)
		}
		s.over = savedOver
	}()
	for s.err == nil && s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '}':
			if !braced {
				s.fail("unbalanced }")
			}
			return false
		case c == '{':
			s.pos++
			s.group(depth+1, true, "")
			s.expect('}')
		case c == '\\':
			if s.command(depth, env) {
				return true
			}
		case c == '^' || c == '_':
			s.pos++
			s.scriptArg(c == '^', depth)
		case c == '&':
			s.pos++
			s.cell++
			if alignEnv(env) && s.cell%2 == 0 || env == "cases" || env == "dcases" {
				s.emit("\u2003\u2003", false) // a column of its own: a condition, a remark
			} else {
				s.emit(" ", false)
			}
		case c == '~':
			s.pos++
			s.emit("\u00a0", false)
		case c == '\'':
			n := 0
			for s.pos < len(s.src) && s.src[s.pos] == '\'' {
				s.pos++
				n++
			}
			s.emit(strings.Repeat("′", n), false)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			s.pos++ // spaces in math are the setter's to make
		case c == '%':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++ // a comment
			}
		default:
			r, n := utf8.DecodeRuneInString(s.src[s.pos:])
			s.pos += n
			s.char(r)
		}
	}
	switch {
	case s.err != nil:
	case env != "":
		s.fail("\\begin{%s} without its \\end", env)
	case braced:
		s.fail("unbalanced {")
	}
	return false
}

func (s *setter) expect(c byte) {
	if s.err != nil {
		return
	}
	if s.pos >= len(s.src) || s.src[s.pos] != c {
		s.fail("missing %q", string(c))
		return
	}
	s.pos++
}

// char sets one character of the formula.
func (s *setter) char(r rune) {
	switch {
	case unicode.IsLetter(r):
		s.emit(string(r), true)
	case r == '-':
		s.emitBin("−")
	case r == '*' || r == '+':
		s.emitBin(map[rune]string{'*': "∗", '+': "+"}[r])
	case strings.ContainsRune("=<>", r):
		s.emitRel(string(r))
	case r == '’':
		s.emit("′", false)
	case r == ',' || r == ';':
		s.emit(string(r)+" ", false)
	default:
		s.emit(string(r), false)
	}
}

// scriptArg sets the argument of ^ or _ raised or lowered. A script of a
// script is written in Unicode's superscript or subscript characters
// where it has them all ("x²"), else marked as TeX marks it ("^(n+1)").
func (s *setter) scriptArg(up bool, depth int) {
	saved := s.script
	if saved != 0 {
		from := len(s.out)
		s.argument(depth)
		text := Plain(s.out[from:])
		s.out = s.out[:from]
		s.emit(scripted(text, up), false)
		return
	}
	if up {
		s.script = 1
	} else {
		s.script = -1
	}
	s.argument(depth)
	s.script = saved
}

// argument sets one argument: a group, a command, or one character.
func (s *setter) argument(depth int) {
	s.skipSpace()
	if s.pos >= len(s.src) {
		s.fail("missing argument")
		return
	}
	switch c := s.src[s.pos]; c {
	case '{':
		s.pos++
		s.group(depth+1, true, "")
		s.expect('}')
	case '\\':
		s.command(depth, "")
	case '}', '^', '_', '&':
		s.fail("missing argument before %q", string(c))
	default:
		r, n := utf8.DecodeRuneInString(s.src[s.pos:])
		s.pos += n
		s.char(r)
	}
}

// rawArgument returns the text of a braced argument without setting it.
func (s *setter) rawArgument() string {
	s.skipSpace()
	if s.pos >= len(s.src) || s.src[s.pos] != '{' {
		if s.pos < len(s.src) && s.src[s.pos] == '\\' && s.pos+1 < len(s.src) {
			// a command: "\sqrt \epsilon"
			end := s.pos + 1
			for end < len(s.src) && isASCIILetter(s.src[end]) {
				end++
			}
			if end == s.pos+1 {
				end++ // a backslash and one other character: "\{"
			}
			arg := s.src[s.pos:end]
			s.pos = end
			return arg
		}
		if s.pos < len(s.src) {
			r, n := utf8.DecodeRuneInString(s.src[s.pos:])
			s.pos += n
			return string(r)
		}
		s.fail("missing argument")
		return ""
	}
	depth := 0
	start := s.pos + 1
	for i := s.pos; i < len(s.src); i++ {
		switch s.src[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				s.pos = i + 1
				return s.src[start:i]
			}
		}
	}
	s.fail("unbalanced {")
	return ""
}

func (s *setter) optionalArgument() string {
	s.skipSpace()
	if s.pos >= len(s.src) || s.src[s.pos] != '[' {
		return ""
	}
	end := strings.IndexByte(s.src[s.pos:], ']')
	if end < 0 {
		s.fail("unbalanced [")
		return ""
	}
	arg := s.src[s.pos+1 : s.pos+end]
	s.pos += end + 1
	return arg
}

func (s *setter) skipSpace() {
	for s.pos < len(s.src) && strings.IndexByte(" \t\r\n", s.src[s.pos]) >= 0 {
		s.pos++
	}
}

// sub sets tex as a formula of its own and appends its runs; wrap puts it
// in parentheses when it is more than one term.
func (s *setter) sub(tex string, depth int, wrap bool) {
	if runs, ok := s.setApart(tex, depth); ok {
		s.place(runs, wrap && compound(runs))
	}
}

// subDenominator sets tex as a fraction's denominator: in parentheses
// unless it is one number, one word or symbol, or a function's value
// ("1/(σ√2π)", "dT/dt", "p(x)/q(x)").
func (s *setter) subDenominator(tex string, depth int) {
	if runs, ok := s.setApart(tex, depth); ok {
		s.place(runs, compound(runs) || !simpleTerm(runs))
	}
}

// setApart sets tex in the current style as runs of their own, failing s
// when tex cannot be set.
func (s *setter) setApart(tex string, depth int) ([]Run, bool) {
	inner := &setter{src: tex, script: s.script, bold: s.bold, roman: s.roman, macros: s.macros, expansions: s.expansions}
	inner.group(depth+1, false, "")
	if inner.err == nil && inner.pos < len(inner.src) {
		inner.fail("unbalanced %q", inner.src[inner.pos:inner.pos+1])
	}
	if inner.err != nil {
		s.fail("%v", inner.err)
		return nil, false
	}
	return inner.out, true
}

// place appends runs, in parentheses when wrap.
func (s *setter) place(runs []Run, wrap bool) {
	if wrap {
		s.emit("(", false)
		s.out = append(s.out, runs...)
		s.emit(")", false)
		return
	}
	s.flushThin()
	s.out = append(s.out, runs...)
}

// flushThin sets the thin space a large operator or a function's name
// left for what follows, when it is on the line.
func (s *setter) flushThin() {
	if s.thin && s.script == 0 {
		s.thin = false
		s.out = append(s.out, Run{Text: "\u2009", Bold: s.bold})
	}
}

// opSpace sets a thin space before a large operator, a function's name or
// a fraction that follows a term ("2 log x", not "2log x"), as TeX does.
func (s *setter) opSpace() {
	switch {
	case s.script != 0:
	case s.thin:
		s.flushThin() // the one a function's name left
	case !s.lastIsOp():
		s.out = append(s.out, Run{Text: "\u2009", Bold: s.bold})
	}
}

// simpleTerm reports runs that read as one term after a slash: a number,
// letters (of one run, "dt"), a symbol and letters ("∂x"), or a name with
// its arguments in parentheses ("p(x)").
func simpleTerm(runs []Run) bool {
	var text strings.Builder
	for _, r := range runs {
		if r.Script == 0 {
			text.WriteString(r.Text)
		}
	}
	t := strings.TrimSpace(text.String())
	if i := strings.IndexAny(t, "(["); i > 0 && (strings.HasSuffix(t, ")") || strings.HasSuffix(t, "]")) {
		t = t[:i] // a function's value
	}
	digits, letters, others := 0, 0, 0
	for _, r := range t {
		switch {
		case unicode.IsDigit(r) || r == '.':
			digits++
		case unicode.IsLetter(r):
			letters++
		case r == '∂' || r == 'd' || r == '∇' || r == '′':
			letters++
		default:
			others++
		}
	}
	return others == 0 && (digits == 0 || letters == 0)
}

// compound reports runs of more than one term: white space or an
// operator outside brackets ("a + b", not "p(x)" or "2ab").
func compound(runs []Run) bool {
	depth := 0
	for _, r := range runs {
		if r.Script != runs[0].Script {
			continue
		}
		for _, c := range strings.TrimSpace(r.Text) {
			switch {
			case strings.ContainsRune("([{⟨", c):
				depth++
			case strings.ContainsRune(")]}⟩", c):
				depth--
			case depth == 0 && strings.ContainsRune(" +−=/<>≤≥≠≈±∓×·,;", c):
				return true
			}
		}
	}
	return false
}

// tidy merges neighbouring runs of one style and trims spaces at the
// ends of lines.
func (s *setter) tidy() []Run {
	var out []Run
	for _, r := range s.out {
		if n := len(out); n > 0 && !r.Break && !out[n-1].Break &&
			out[n-1].Italic == r.Italic && out[n-1].Bold == r.Bold && out[n-1].Script == r.Script {
			out[n-1].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	// Spaces: none at the ends of lines, none doubled.
	lineStart := true
	for i := range out {
		if out[i].Break {
			lineStart = true
			continue
		}
		out[i].Text = collapseSpaces(out[i].Text)
		if lineStart {
			out[i].Text = strings.TrimLeft(out[i].Text, " ")
		}
		lineStart = lineStart && out[i].Text == ""
		if i+1 == len(out) || out[i+1].Break {
			out[i].Text = strings.TrimRight(out[i].Text, " ")
		}
	}
	kept := out[:0]
	for i, r := range out {
		if r.Break && (len(kept) == 0 || kept[len(kept)-1].Break || i+1 == len(out)) {
			continue // no empty rows
		}
		if !r.Break && r.Text == "" {
			continue
		}
		if n := len(kept); n > 0 && !r.Break && !kept[n-1].Break &&
			strings.HasSuffix(kept[n-1].Text, " ") && strings.HasPrefix(r.Text, " ") {
			r.Text = r.Text[1:]
			if r.Text == "" {
				continue
			}
		}
		kept = append(kept, r)
	}
	if n := len(kept); n > 0 && kept[n-1].Break {
		kept = kept[:n-1]
	}
	return kept
}

func collapseSpaces(t string) string {
	for strings.Contains(t, "  ") {
		t = strings.ReplaceAll(t, "  ", " ")
	}
	return t
}

// Plain returns the runs' text, scripts marked as TeX marks them ("x^2"),
// rows on lines: what a reader of the formula's words reads.
func Plain(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteByte('\n')
		default:
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

var superscripts = map[rune]rune{
	'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
	'+': '⁺', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', 'n': 'ⁿ', 'i': 'ⁱ', '′': '′',
}

var subscripts = map[rune]rune{
	'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
	'+': '₊', '−': '₋', '=': '₌', '(': '₍', ')': '₎', 'a': 'ₐ', 'e': 'ₑ', 'i': 'ᵢ', 'j': 'ⱼ',
	'k': 'ₖ', 'n': 'ₙ', 'o': 'ₒ', 'r': 'ᵣ', 't': 'ₜ', 'x': 'ₓ',
}

// scripted writes text in superscript (up) or subscript characters, or,
// when Unicode lacks one of them, after a ^ or _.
func scripted(text string, up bool) string {
	table, mark := subscripts, "_"
	if up {
		table, mark = superscripts, "^"
	}
	text = strings.ReplaceAll(text, " ", "")
	var b strings.Builder
	for _, r := range text {
		c, ok := table[r]
		if !ok {
			if utf8.RuneCountInString(text) > 1 {
				return mark + "(" + text + ")"
			}
			return mark + text
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Text sets tex as plain text, for a line the book prints without styles
// (a title, the contents): scripts in Unicode's superscript and subscript
// characters where it has them all, else marked ("x^(n+1)"), rows on one
// line.
func Text(tex string) (string, error) {
	runs, err := Set(tex, false)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteString("; ")
		case r.Script != 0:
			b.WriteString(scripted(r.Text, r.Script > 0))
		default:
			b.WriteString(r.Text)
		}
	}
	return b.String(), nil
}

// infixSplit is where \over, \choose or \atop split a group, and which.
type infixSplit struct {
	at  int
	how string
}

// infix sets the group begun at start and split by s.over as a fraction
// ("(a + b)/2") or a binomial ("C(n, k)").
func (s *setter) infix(start int) {
	num := append([]Run(nil), s.out[start:s.over.at]...)
	den := append([]Run(nil), s.out[s.over.at:]...)
	s.out = s.out[:start]
	join := func(runs []Run, wrap bool) {
		if wrap && compound(runs) {
			s.emit("(", false)
			s.out = append(s.out, runs...)
			s.emit(")", false)
			return
		}
		s.out = append(s.out, runs...)
	}
	switch s.over.how {
	case "choose":
		s.emit("C(", false)
		join(num, false)
		s.emit(", ", false)
		join(den, false)
		s.emit(")", false)
	case "atop":
		join(num, false)
		s.emit("; ", false)
		join(den, false)
	default:
		join(num, true)
		s.emit("/", false)
		join(den, true)
	}
}
