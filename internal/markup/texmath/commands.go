package texmath

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// command sets the command at s.pos (a backslash) and reports whether it
// ended the environment env.
func (s *setter) command(depth int, env string) bool {
	s.pos++ // the backslash
	if s.pos >= len(s.src) {
		s.fail("a lone backslash")
		return false
	}
	c := s.src[s.pos]
	if !isASCIILetter(c) {
		s.pos++
		s.symbolCommand(c, env)
		return false
	}
	start := s.pos
	for s.pos < len(s.src) && isASCIILetter(s.src[s.pos]) {
		s.pos++
	}
	name := s.src[start:s.pos]
	if m, ok := s.macros[name]; ok {
		s.expand(m)
		return false
	}
	if sym, ok := symbols[name]; ok {
		s.symbol(sym)
		return false
	}
	if ignored[name] {
		return false
	}
	if functions[name] {
		s.opSpace()
		s.roman = true
		s.emit(name, true)
		s.roman = false
		s.thin = true
		return false
	}
	switch name {
	case "newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def", "let":
		s.define(name)
	case "over", "choose", "atop":
		if s.over != nil {
			s.fail("\\%s twice in a group", name)
			break
		}
		s.over = &infixSplit{at: len(s.out), how: name}
	case "ref", "eqref":
		s.emit("("+plainText(s.rawArgument())+")", false)
	case "substack":
		rows := strings.Split(s.rawArgument(), `\\`)
		for i, row := range rows {
			if i > 0 {
				s.emit(", ", false)
			}
			s.sub(row, depth, false)
		}
	case "cr":
		s.rowBreak(env)
	case "operatorname", "mathrm", "mathsf", "mathtt", "mathup", "mathop", "mathrel", "mathbin", "mathord", "mathit", "mathnormal":
		saved := s.roman
		s.roman = name != "mathit" && name != "mathnormal"
		if name == "operatorname" && s.pos < len(s.src) && s.src[s.pos] == '*' {
			s.pos++ // \operatorname*: limits below, here after
		}
		s.argument(depth)
		s.roman = saved
		s.thin = name == "operatorname"
	case "text", "textrm", "textnormal", "textup", "mbox", "hbox", "textsf", "texttt", "textit", "textbf", "textmd", "emph":
		text := s.rawArgument()
		saved := s.bold
		s.bold = s.bold || name == "textbf"
		s.flushThin()
		s.out = append(s.out, Run{Text: plainText(text), Italic: name == "textit" || name == "emph", Bold: s.bold, Script: s.script})
		s.bold = saved
	case "mathbf", "boldsymbol", "bm", "pmb", "bf":
		saved := s.bold
		s.bold = true
		if name != "bf" {
			s.argument(depth)
			s.bold = saved
		}
	case "mathbb", "Bbb", "mathcal", "mathscr", "mathfrak", "cal":
		s.letters(s.rawArgument(), name)
	case "frac", "dfrac", "tfrac", "cfrac":
		num, den := s.rawArgument(), s.rawArgument()
		s.opSpace()
		s.sub(num, depth, true)
		s.emit("/", false)
		s.subDenominator(den, depth)
	case "binom", "dbinom", "tbinom":
		n, k := s.rawArgument(), s.rawArgument()
		s.emit("C(", false)
		s.sub(n, depth, false)
		s.emit(", ", false)
		s.sub(k, depth, false)
		s.emit(")", false)
	case "sqrt":
		if index := s.optionalArgument(); index != "" {
			saved := s.script
			s.script = 1
			s.sub(index, depth, false)
			s.script = saved
		}
		s.emit("√", false)
		s.sub(s.rawArgument(), depth, true)
	case "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm":
		s.skipSpace()
		if s.pos < len(s.src) && s.src[s.pos] == '.' {
			s.pos++ // no delimiter
		}
	case "label", "color", "hspace", "vspace", "phantom", "hphantom", "vphantom", "mathstrut":
		s.rawArgument()
		if name == "phantom" || name == "hphantom" {
			s.emit(" ", false)
		}
	case "textcolor", "colorbox":
		s.rawArgument()
		s.argument(depth)
	case "boxed", "underbrace", "overbrace", "displaylimits", "smash", "cancel", "bcancel", "xcancel":
		s.argument(depth)
	case "stackrel", "overset", "underset":
		over := s.rawArgument()
		from := len(s.out)
		s.argument(depth)
		// A relation's spaces go around the relation and its script:
		// "≤⁽ⁱ⁾", not "≤ ⁽ⁱ⁾".
		spaced := false
		if n := len(s.out); n > from && strings.HasSuffix(s.out[n-1].Text, " ") {
			s.out[n-1].Text = strings.TrimRight(s.out[n-1].Text, " ")
			spaced = true
		}
		saved := s.script
		s.script = 1
		if name == "underset" {
			s.script = -1
		}
		s.sub(over, depth, false)
		s.script = saved
		if spaced {
			s.emit(" ", false)
		}
	case "xrightarrow", "xleftarrow", "xRightarrow", "xLeftarrow", "xmapsto":
		s.optionalArgument()
		over := s.rawArgument()
		s.emitRel(map[string]string{"xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐", "xmapsto": "↦"}[name])
		if over != "" {
			last := s.out[len(s.out)-1]
			s.out[len(s.out)-1].Text = strings.TrimRight(last.Text, " ")
			saved := s.script
			s.script = 1
			s.sub(over, depth, false)
			s.script = saved
			s.emit(" ", false)
		}
	case "tag":
		s.emit("\u2003("+plainText(s.rawArgument())+")", false)
	case "pmod":
		s.emit(" (mod ", false)
		s.argument(depth)
		s.emit(")", false)
	case "bmod", "mod":
		s.emit(" mod ", false)
	case "not":
		s.combining(depth, "\u0338")
	case "begin":
		s.environment(depth, s.rawArgument())
	case "end":
		if end := s.rawArgument(); end != env {
			s.fail("\\end{%s} without its \\begin", end)
		}
		return true
	default:
		if mark, ok := accents[name]; ok {
			s.combining(depth, mark)
			return false
		}
		s.fail("\\%s is not known", name)
	}
	return false
}

// symbolCommand sets a backslash and one other character.
func (s *setter) symbolCommand(c byte, env string) {
	switch c {
	case '\\':
		s.optionalArgument() // \\[2pt]
		s.rowBreak(env)
	case ',', ':', '>', ';', ' ', '\n', '\t', '\r':
		s.emit(" ", false)
	case '!', '/':
	case '{', '}', '%', '$', '&', '#', '_':
		s.emit(string(c), false)
	case '|':
		s.emit("‖", false)
	default:
		r, n := utf8.DecodeRuneInString(s.src[s.pos-1:])
		s.pos += n - 1
		s.fail("\\%c is not known", r)
	}
}

// rowBreak ends a row: a line of its own in a display formula, a
// semicolon in a sentence or a matrix.
func (s *setter) rowBreak(env string) {
	s.cell = 0
	if s.display && !matrixEnv(env) {
		s.out = append(s.out, Run{Break: true})
		return
	}
	s.emit("; ", false)
}

func (s *setter) symbol(sym symbol) {
	switch sym.kind {
	case bin:
		s.emitBin(sym.text)
	case rel:
		s.emitRel(sym.text)
	case big:
		s.opSpace()
		s.emit(sym.text, false)
		s.thin = true
	default:
		s.emit(sym.text, false)
	}
}

// combining sets the next argument with mark over (or through) each of
// its characters.
func (s *setter) combining(depth int, mark string) {
	from := len(s.out)
	s.argument(depth)
	for i := from; i < len(s.out); i++ {
		var b strings.Builder
		for _, r := range s.out[i].Text {
			b.WriteRune(r)
			if r != ' ' {
				b.WriteString(mark)
			}
		}
		s.out[i].Text = b.String()
	}
}

// letters sets the letters of arg in a mathematical alphabet, as far as
// the fonts go: double-struck letters and digits all, script and Fraktur
// capitals where Unicode's letterlike symbols have them; other letters in
// italic (script) or bold (Fraktur).
func (s *setter) letters(arg, alphabet string) {
	for _, r := range plainText(arg) {
		if unicode.IsSpace(r) {
			continue
		}
		if t, ok := alphabetLetter(r, alphabet); ok {
			s.emit(t, false)
			continue
		}
		saved := s.bold
		s.bold = alphabet == "mathfrak"
		s.emit(string(r), alphabet != "mathfrak")
		s.bold = saved
	}
}

func alphabetLetter(r rune, alphabet string) (string, bool) {
	switch alphabet {
	case "mathcal", "mathscr", "cal":
		t, ok := script[r]
		return t, ok
	case "mathfrak":
		t, ok := fraktur[r]
		return t, ok
	}
	if t, ok := doubleStruck[r]; ok {
		return t, true
	}
	switch {
	case r >= 'A' && r <= 'Z':
		return string(rune(0x1D538 + r - 'A')), true
	case r >= 'a' && r <= 'z':
		return string(rune(0x1D552 + r - 'a')), true
	case r >= '0' && r <= '9':
		return string(rune(0x1D7D8 + r - '0')), true
	}
	return "", false
}

// environment sets \begin{name} … \end{name}.
func (s *setter) environment(depth int, name string) {
	open, close := "", ""
	switch strings.TrimSuffix(name, "*") {
	case "pmatrix":
		open, close = "(", ")"
	case "bmatrix":
		open, close = "[", "]"
	case "Bmatrix":
		open, close = "{", "}"
	case "vmatrix":
		open, close = "|", "|"
	case "Vmatrix":
		open, close = "‖", "‖"
	case "cases", "dcases":
		open = "{ "
	case "matrix", "smallmatrix", "array", "align", "aligned", "alignat", "alignedat", "equation",
		"eqnarray", "gather", "gathered", "split", "multline", "subequations", "darray", "flalign":
	default:
		s.fail("environment %s is not known", name)
		return
	}
	if name == "array" || name == "darray" || strings.HasPrefix(name, "alignat") || name == "alignedat" {
		s.rawArgument() // the columns' layout, or the number of columns
	}
	s.emit(open, false)
	start := len(s.out)
	savedCell := s.cell
	s.cell = 0
	defer func() { s.cell = savedCell }()
	saved := s.display
	if matrixEnv(name) {
		s.display = false
	}
	s.group(depth+1, false, name)
	if s.err != nil {
		return
	}
	s.display = saved
	// The cells of a matrix are set apart more widely than words.
	if matrixEnv(name) {
		for i := start; i < len(s.out); i++ {
			if s.out[i].Text == " " {
				s.out[i].Text = "\u2002"
			}
		}
	}
	s.emit(close, false)
}

// alignEnv reports an environment whose & alternate between a place
// rows align at and a column of their own.
func alignEnv(name string) bool {
	switch strings.TrimSuffix(name, "*") {
	case "align", "aligned", "alignat", "alignedat", "flalign", "eqnarray", "split":
		return true
	}
	return false
}

func matrixEnv(name string) bool {
	return strings.Contains(name, "matrix") || name == "array" || name == "darray"
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// plainText is the text of a \text argument: braces and the escapes of
// special characters resolved, inner math left as it is written.
func plainText(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '{' || c == '}' || c == '$':
		case c == '\\' && i+1 < len(t) && strings.IndexByte("{}%$&#_ ", t[i+1]) >= 0:
			b.WriteByte(t[i+1])
			i++
		case c == '~':
			b.WriteString("\u00a0")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// define reads a definition of a command and keeps it for the rest of
// the formula and the formulas after it.
func (s *setter) define(how string) {
	if s.pos < len(s.src) && s.src[s.pos] == '*' {
		s.pos++
	}
	name := s.macroName()
	if s.err != nil {
		return
	}
	m := Macro{}
	switch how {
	case "let":
		s.skipSpace()
		if s.pos < len(s.src) && s.src[s.pos] == '=' {
			s.pos++
		}
		if s.pos < len(s.src) && s.src[s.pos] == '\\' {
			m.Body = `\` + s.macroName()
		} else {
			m.Body = s.rawArgument()
		}
	case "def":
		start := s.pos
		for s.pos < len(s.src) && s.src[s.pos] != '{' {
			s.pos++
		}
		m.Args = strings.Count(s.src[start:s.pos], "#")
		m.Body = s.rawArgument()
	case "DeclareMathOperator":
		m.Body = `\operatorname{` + s.rawArgument() + "}"
	default:
		if n := s.optionalArgument(); n != "" {
			fmt.Sscanf(n, "%d", &m.Args)
		}
		s.optionalArgument() // a default for the first argument: read as given
		m.Body = s.rawArgument()
	}
	if m.Args < 0 || m.Args > 9 {
		s.fail("\\%s with %d arguments", name, m.Args)
		return
	}
	s.macros[name] = m
}

// macroName reads the name a definition defines: \name or {\name}.
func (s *setter) macroName() string {
	s.skipSpace()
	arg := s.src[s.pos:]
	if strings.HasPrefix(arg, "{") {
		arg = strings.TrimSpace(s.rawArgument())
	} else {
		end := 1
		for end < len(arg) && isASCIILetter(arg[end]) {
			end++
		}
		arg = arg[:min(end, len(arg))]
		s.pos += len(arg)
	}
	name := strings.TrimPrefix(arg, `\`)
	if name == arg || name == "" {
		s.fail("a definition without a command's name")
		return ""
	}
	return name
}

// expand puts the body of m, its arguments in place, where the command
// stood.
func (s *setter) expand(m Macro) {
	*s.expansions++
	if *s.expansions > maxExpansions {
		s.fail("macros expanded more than %d times", maxExpansions)
		return
	}
	body := m.Body
	for i := 1; i <= m.Args; i++ {
		body = strings.ReplaceAll(body, fmt.Sprintf("#%d", i), "{"+s.rawArgument()+"}")
	}
	if len(s.src)+len(body) > 4*maxInput {
		s.fail("macros expand past %d bytes", 4*maxInput)
		return
	}
	s.src = s.src[:s.pos] + " " + body + " " + s.src[s.pos:]
}
