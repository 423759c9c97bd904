package dialect

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// A Zola site's own shortcodes are Tera templates in templates/shortcodes:
// NAME.html writes HTML (escaping what it prints unless told | safe),
// NAME.md writes Markdown that the page's Markdown then reads. A book
// draws those that keep to a small part of Tera: printing the call's
// arguments, body, page and config through common filters, with if,
// elif and else and set. One that asks for more (a function such as
// get_url or load_data, a loop, a macro) is removed as before, with a
// warning that says why.

// TeraTemplates are a Zola site's shortcode templates by name, parsed once
// on first use; safe for concurrent use. A template whose file ends in .md
// writes Markdown, any other HTML.
type TeraTemplates struct {
	*templateFiles[[]teraNode]
}

// NewTeraTemplates holds the templates of files, by shortcode name.
func NewTeraTemplates(files map[string]Template) *TeraTemplates {
	return &TeraTemplates{newTemplateFiles(files, func(_, source string) ([]teraNode, error) { return parseTera(source) })}
}

func (ts *TeraTemplates) lookup(name string) ([]teraNode, Template, bool, error) {
	if ts == nil {
		return nil, Template{}, false, nil
	}
	return ts.templateFiles.lookup(name)
}

// execute writes the Zola shortcode t with its template, body being the
// content of a call with a body. An HTML template's output comes on one
// line unless it holds preformatted text, as a Hugo template's does; a
// Markdown template's is kept as written, its blank lines parting blocks.
func (ts *TeraTemplates) execute(t *Token, body string, page, site map[string]any) (string, Template, bool, error) {
	nodes, file, ok, err := ts.lookup(t.Name)
	if !ok || err != nil {
		return "", file, ok, err
	}
	markdown := strings.HasSuffix(file.File, ".md")
	ctx := &teraContext{vars: map[string]any{}, escape: !markdown}
	for _, a := range t.Args {
		ctx.vars[a.Name] = teraArg(a.Value)
	}
	if !t.SelfClose {
		// Zola hands body only to a call that has one.
		ctx.vars["body"] = body
	}
	ctx.vars["page"] = page
	ctx.vars["config"] = teraConfig(site)
	var out cappedWriter
	if err := ctx.run(&out, nodes); err != nil {
		return "", file, true, err
	}
	if markdown {
		return strings.Trim(out.String(), "\n"), file, true, nil
	}
	text := strings.TrimSpace(out.String())
	if !strings.Contains(text, "<pre") && !strings.Contains(text, "<textarea") {
		text = strings.Join(strings.Fields(text), " ")
	}
	return text, file, true, nil
}

// teraConfig is config as a Zola template sees it: the site's config, its
// extra table included.
func teraConfig(site map[string]any) map[string]any {
	if site == nil {
		return map[string]any{}
	}
	return site
}

// teraArg gives a call's argument the type Zola gives it: a boolean, a
// number, else a string. An array stays as written.
func teraArg(v string) any {
	switch v {
	case "true":
		return true
	case "false":
		return false
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && v != "" && (v[0] == '-' || ('0' <= v[0] && v[0] <= '9')) {
		return f
	}
	return v
}

// The nodes of a parsed template.
type (
	teraNode interface{}
	teraText string
	teraOut  struct{ expr teraExpr }
	teraIf   struct {
		conds  []teraExpr
		bodies [][]teraNode
		orElse []teraNode
	}
	teraSet struct {
		name string
		expr teraExpr
	}
)

// teraUnsupported is a part of Tera that a book does not draw.
type teraUnsupported struct{ what string }

func (e teraUnsupported) Error() string { return e.what }

// teraPiece is a span of template source: text, {{ … }} or {% … %}, with
// the white space it asks to trim around it.
type teraPiece struct {
	kind       byte // 't' text, '{' output, '%' statement
	text       string
	trimBefore bool
	trimAfter  bool
}

func splitTera(src string) ([]teraPiece, error) {
	var pieces []teraPiece
	for len(src) > 0 {
		i := strings.IndexByte(src, '{')
		for i >= 0 && (i+1 >= len(src) || (src[i+1] != '{' && src[i+1] != '%' && src[i+1] != '#')) {
			j := strings.IndexByte(src[i+1:], '{')
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			pieces = append(pieces, teraPiece{kind: 't', text: src})
			break
		}
		if i > 0 {
			pieces = append(pieces, teraPiece{kind: 't', text: src[:i]})
		}
		closer := map[byte]string{'{': "}}", '%': "%}", '#': "#}"}[src[i+1]]
		end := strings.Index(src[i+2:], closer)
		if end < 0 {
			return nil, fmt.Errorf("a %s is never closed", src[i:i+2])
		}
		inner := src[i+2 : i+2+end]
		p := teraPiece{kind: src[i+1]}
		if strings.HasPrefix(inner, "-") {
			p.trimBefore, inner = true, inner[1:]
		}
		if strings.HasSuffix(inner, "-") {
			p.trimAfter, inner = true, inner[:len(inner)-1]
		}
		p.text = strings.TrimSpace(inner)
		pieces = append(pieces, p)
		src = src[i+2+end+2:]
	}
	// Apply the trims to the text around.
	for i, p := range pieces {
		if p.kind == 't' {
			continue
		}
		if p.trimBefore && i > 0 && pieces[i-1].kind == 't' {
			pieces[i-1].text = strings.TrimRightFunc(pieces[i-1].text, unicode.IsSpace)
		}
		if p.trimAfter && i+1 < len(pieces) && pieces[i+1].kind == 't' {
			pieces[i+1].text = strings.TrimLeftFunc(pieces[i+1].text, unicode.IsSpace)
		}
	}
	var out []teraPiece
	for _, p := range pieces {
		if p.kind != '#' {
			out = append(out, p)
		}
	}
	return out, nil
}

func parseTera(src string) ([]teraNode, error) {
	pieces, err := splitTera(src)
	if err != nil {
		return nil, err
	}
	nodes, rest, stop, err := parseTeraNodes(pieces)
	if err != nil {
		return nil, err
	}
	if stop != "" || len(rest) > 0 {
		return nil, fmt.Errorf("{%% %s %%} closes nothing", stop)
	}
	return nodes, nil
}

// parseTeraNodes reads nodes until a statement that ends a block (elif,
// else, endif), which it returns with the pieces after it.
func parseTeraNodes(pieces []teraPiece) ([]teraNode, []teraPiece, string, error) {
	var nodes []teraNode
	for len(pieces) > 0 {
		p := pieces[0]
		pieces = pieces[1:]
		switch p.kind {
		case 't':
			nodes = append(nodes, teraText(p.text))
		case '{':
			e, err := parseTeraExpr(p.text)
			if err != nil {
				return nil, nil, "", err
			}
			nodes = append(nodes, teraOut{e})
		case '%':
			word, rest := p.text, ""
			if i := strings.IndexFunc(p.text, unicode.IsSpace); i >= 0 {
				word, rest = p.text[:i], strings.TrimSpace(p.text[i:])
			}
			switch word {
			case "elif", "else", "endif":
				return nodes, append([]teraPiece{p}, pieces...), word, nil
			case "if":
				n, after, err := parseTeraIf(rest, pieces)
				if err != nil {
					return nil, nil, "", err
				}
				nodes, pieces = append(nodes, n), after
			case "set", "set_global":
				name, value, ok := strings.Cut(rest, "=")
				name = strings.TrimSpace(name)
				if !ok || !isIdent(name) {
					return nil, nil, "", fmt.Errorf("cannot read {%% %s %%}", p.text)
				}
				e, err := parseTeraExpr(value)
				if err != nil {
					return nil, nil, "", err
				}
				nodes = append(nodes, teraSet{name, e})
			default:
				return nil, nil, "", teraUnsupported{fmt.Sprintf("it uses {%% %s %%}, which a book does not draw", word)}
			}
		}
	}
	return nodes, nil, "", nil
}

func parseTeraIf(cond string, pieces []teraPiece) (teraIf, []teraPiece, error) {
	var n teraIf
	for {
		e, err := parseTeraExpr(cond)
		if err != nil {
			return n, nil, err
		}
		body, rest, stop, err := parseTeraNodes(pieces)
		if err != nil {
			return n, nil, err
		}
		n.conds, n.bodies = append(n.conds, e), append(n.bodies, body)
		if stop == "" {
			return n, nil, errors.New("an {% if %} is never closed")
		}
		closing := rest[0]
		pieces = rest[1:]
		switch stop {
		case "endif":
			return n, pieces, nil
		case "elif":
			cond = strings.TrimSpace(strings.TrimPrefix(closing.text, "elif"))
			continue
		}
		// else
		n.orElse, rest, stop, err = parseTeraNodes(pieces)
		if err != nil {
			return n, nil, err
		}
		if stop != "endif" {
			return n, nil, errors.New("an {% if %} is never closed")
		}
		return n, rest[1:], nil
	}
}

// A teraExpr is evaluated in a context.
type teraExpr func(*teraContext) (any, error)

// teraUndefined is a variable the context does not have.
type teraUndefined struct{ name string }

// teraSafe is text that is printed as it is, unescaped.
type teraSafe string

type teraContext struct {
	vars   map[string]any
	escape bool
}

func (c *teraContext) run(w *cappedWriter, nodes []teraNode) error {
	for _, n := range nodes {
		switch n := n.(type) {
		case teraText:
			if _, err := w.WriteString(string(n)); err != nil {
				return err
			}
		case teraOut:
			v, err := n.expr(c)
			if err != nil {
				return err
			}
			if u, ok := v.(teraUndefined); ok {
				return fmt.Errorf("it prints %s, which the call does not give", u.name)
			}
			s := teraString(v)
			if _, safe := v.(teraSafe); c.escape && !safe {
				s = html.EscapeString(s)
			}
			if _, err := w.WriteString(s); err != nil {
				return err
			}
		case teraIf:
			done := false
			for i, cond := range n.conds {
				v, err := cond(c)
				if err != nil {
					return err
				}
				if teraTruthy(v) {
					if err := c.run(w, n.bodies[i]); err != nil {
						return err
					}
					done = true
					break
				}
			}
			if !done {
				if err := c.run(w, n.orElse); err != nil {
					return err
				}
			}
		case teraSet:
			v, err := n.expr(c)
			if err != nil {
				return err
			}
			c.vars[n.name] = v
		}
	}
	return nil
}

func (w *cappedWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func teraString(v any) string {
	switch v := v.(type) {
	case nil, teraUndefined:
		return ""
	case string:
		return v
	case teraSafe:
		return string(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

func teraTruthy(v any) bool {
	switch v := v.(type) {
	case nil, teraUndefined:
		return false
	case bool:
		return v
	case float64:
		return v != 0
	case int:
		return v != 0
	case int64:
		return v != 0
	case string:
		return v != ""
	case teraSafe:
		return v != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// teraLexeme is one word of an expression.
type teraLexeme struct {
	kind byte // 'i' name, 's' string, 'n' number, 'o' operator
	text string
}

var teraLex = regexp.MustCompile(`^(?:\s+|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|"([^"]*)"|'([^']*)'|` + "`([^`]*)`" + `|(-?[0-9]+(?:\.[0-9]+)?)|(==|!=|<=|>=|[<>|~(),=\[\]+*/%-]))`)

func lexTera(s string) ([]teraLexeme, error) {
	var out []teraLexeme
	for len(s) > 0 {
		m := teraLex.FindStringSubmatchIndex(s)
		if m == nil {
			return nil, fmt.Errorf("cannot read %q", s)
		}
		switch {
		case m[2] >= 0:
			out = append(out, teraLexeme{'i', s[m[2]:m[3]]})
		case m[4] >= 0:
			out = append(out, teraLexeme{'s', s[m[4]:m[5]]})
		case m[6] >= 0:
			out = append(out, teraLexeme{'s', s[m[6]:m[7]]})
		case m[8] >= 0:
			out = append(out, teraLexeme{'s', s[m[8]:m[9]]})
		case m[10] >= 0:
			out = append(out, teraLexeme{'n', s[m[10]:m[11]]})
		case m[12] >= 0:
			out = append(out, teraLexeme{'o', s[m[12]:m[13]]})
		}
		s = s[m[1]:]
	}
	return out, nil
}

type teraParser struct {
	lx []teraLexeme
	p  int
}

func parseTeraExpr(s string) (teraExpr, error) {
	lx, err := lexTera(s)
	if err != nil {
		return nil, err
	}
	tp := &teraParser{lx: lx}
	e, err := tp.or()
	if err != nil {
		return nil, err
	}
	if tp.p < len(lx) {
		if lx[tp.p].kind == 'o' && strings.Contains("+-*/%[", lx[tp.p].text) {
			return nil, teraUnsupported{"it computes with " + lx[tp.p].text + ", which a book does not draw"}
		}
		return nil, fmt.Errorf("cannot read %q", s)
	}
	return e, nil
}

func (tp *teraParser) peek() teraLexeme {
	if tp.p < len(tp.lx) {
		return tp.lx[tp.p]
	}
	return teraLexeme{}
}

func (tp *teraParser) word(w string) bool {
	if l := tp.peek(); l.kind == 'i' && l.text == w {
		tp.p++
		return true
	}
	return false
}

func (tp *teraParser) op(o string) bool {
	if l := tp.peek(); l.kind == 'o' && l.text == o {
		tp.p++
		return true
	}
	return false
}

func (tp *teraParser) or() (teraExpr, error) {
	left, err := tp.and()
	for err == nil && tp.word("or") {
		l := left
		var r teraExpr
		if r, err = tp.and(); err == nil {
			left = func(c *teraContext) (any, error) {
				a, err := l(c)
				if err != nil || teraTruthy(a) {
					return teraTruthy(a), err
				}
				b, err := r(c)
				return teraTruthy(b), err
			}
		}
	}
	return left, err
}

func (tp *teraParser) and() (teraExpr, error) {
	left, err := tp.not()
	for err == nil && tp.word("and") {
		l := left
		var r teraExpr
		if r, err = tp.not(); err == nil {
			left = func(c *teraContext) (any, error) {
				a, err := l(c)
				if err != nil || !teraTruthy(a) {
					return false, err
				}
				b, err := r(c)
				return teraTruthy(b), err
			}
		}
	}
	return left, err
}

func (tp *teraParser) not() (teraExpr, error) {
	if tp.word("not") {
		e, err := tp.not()
		if err != nil {
			return nil, err
		}
		return func(c *teraContext) (any, error) {
			v, err := e(c)
			return !teraTruthy(v), err
		}, nil
	}
	return tp.compare()
}

func (tp *teraParser) compare() (teraExpr, error) {
	left, err := tp.concat()
	if err != nil {
		return nil, err
	}
	for _, o := range []string{"==", "!="} {
		if tp.op(o) {
			right, err := tp.concat()
			if err != nil {
				return nil, err
			}
			equal := o == "=="
			return func(c *teraContext) (any, error) {
				a, err := left(c)
				if err != nil {
					return nil, err
				}
				b, err := right(c)
				if err != nil {
					return nil, err
				}
				return (teraString(a) == teraString(b)) == equal, nil
			}, nil
		}
	}
	if l := tp.peek(); l.kind == 'o' && (l.text == "<" || l.text == ">" || l.text == "<=" || l.text == ">=") {
		return nil, teraUnsupported{"it compares with " + l.text + ", which a book does not draw"}
	}
	return left, nil
}

func (tp *teraParser) concat() (teraExpr, error) {
	left, err := tp.filtered()
	for err == nil && tp.op("~") {
		l := left
		var r teraExpr
		if r, err = tp.filtered(); err == nil {
			left = func(c *teraContext) (any, error) {
				a, err := l(c)
				if err != nil {
					return nil, err
				}
				b, err := r(c)
				if err != nil {
					return nil, err
				}
				return teraString(a) + teraString(b), nil
			}
		}
	}
	return left, err
}

// filtered reads a value, the filters it goes through and the test it is
// put to (x is defined, x is not ending_with("svg")).
func (tp *teraParser) filtered() (teraExpr, error) {
	e, err := tp.primary()
	if err != nil {
		return nil, err
	}
	for tp.op("|") {
		l := tp.peek()
		if l.kind != 'i' {
			return nil, errors.New("a filter has no name")
		}
		tp.p++
		args, err := tp.namedArgs()
		if err != nil {
			return nil, err
		}
		f, ok := teraFilters[l.text]
		if !ok {
			return nil, teraUnsupported{fmt.Sprintf("it uses the filter %s, which a book does not have", l.text)}
		}
		in := e
		e = func(c *teraContext) (any, error) {
			v, err := in(c)
			if err != nil {
				return nil, err
			}
			vals := map[string]any{}
			for k, a := range args {
				if vals[k], err = a(c); err != nil {
					return nil, err
				}
			}
			return f(v, vals)
		}
	}
	if tp.word("is") {
		negate := tp.word("not")
		l := tp.peek()
		if l.kind != 'i' {
			return nil, errors.New("a test has no name")
		}
		tp.p++
		var arg teraExpr
		if tp.op("(") {
			if arg, err = tp.or(); err != nil {
				return nil, err
			}
			if !tp.op(")") {
				return nil, errors.New("a test's ( is never closed")
			}
		}
		test, ok := teraTests[l.text]
		if !ok {
			return nil, teraUnsupported{fmt.Sprintf("it uses the test %s, which a book does not have", l.text)}
		}
		in := e
		e = func(c *teraContext) (any, error) {
			v, err := in(c)
			if err != nil {
				return nil, err
			}
			var a any
			if arg != nil {
				if a, err = arg(c); err != nil {
					return nil, err
				}
			}
			return test(v, a) != negate, nil
		}
	}
	return e, nil
}

// namedArgs reads (key=value, …) after a filter's name, if there.
func (tp *teraParser) namedArgs() (map[string]teraExpr, error) {
	args := map[string]teraExpr{}
	if !tp.op("(") {
		return args, nil
	}
	for !tp.op(")") {
		l := tp.peek()
		if l.kind != 'i' || tp.p+1 >= len(tp.lx) || tp.lx[tp.p+1].text != "=" {
			return nil, errors.New("a filter's arguments are not named")
		}
		tp.p += 2
		e, err := tp.or()
		if err != nil {
			return nil, err
		}
		args[l.text] = e
		tp.op(",")
	}
	return args, nil
}

func (tp *teraParser) primary() (teraExpr, error) {
	l := tp.peek()
	tp.p++
	switch l.kind {
	case 's':
		return func(*teraContext) (any, error) { return l.text, nil }, nil
	case 'n':
		f, err := strconv.ParseFloat(l.text, 64)
		return func(*teraContext) (any, error) { return f, nil }, err
	case 'i':
		switch l.text {
		case "true", "false":
			b := l.text == "true"
			return func(*teraContext) (any, error) { return b, nil }, nil
		}
		if tp.peek().kind == 'o' && tp.peek().text == "(" {
			return nil, teraUnsupported{fmt.Sprintf("it calls %s, which a book does not have", l.text)}
		}
		path := strings.Split(l.text, ".")
		return func(c *teraContext) (any, error) { return c.lookup(path), nil }, nil
	case 'o':
		if l.text == "(" {
			e, err := tp.or()
			if err != nil {
				return nil, err
			}
			if !tp.op(")") {
				return nil, errors.New("a ( is never closed")
			}
			return e, nil
		}
		if l.text == "[" {
			return nil, teraUnsupported{"it writes an array, which a book does not draw"}
		}
	}
	return nil, errors.New("an expression is missing a value")
}

// lookup follows a dotted name (page.extra.note) through the context.
func (c *teraContext) lookup(path []string) any {
	v, ok := c.vars[path[0]]
	if !ok {
		return teraUndefined{strings.Join(path, ".")}
	}
	for _, k := range path[1:] {
		m, isMap := v.(map[string]any)
		if !isMap {
			return teraUndefined{strings.Join(path, ".")}
		}
		if v, ok = m[k]; !ok {
			return teraUndefined{strings.Join(path, ".")}
		}
	}
	return v
}

var teraMarkdown = goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))

// teraFilters are the filters of Tera and Zola a shortcode can use in a
// book: those about text.
var teraFilters = map[string]func(v any, args map[string]any) (any, error){
	"safe": func(v any, _ map[string]any) (any, error) { return teraSafe(teraString(v)), nil },
	"markdown": func(v any, args map[string]any) (any, error) {
		out, err := markdownHTML(teraMarkdown, teraString(v), teraTruthy(args["inline"]))
		if err != nil {
			return nil, err
		}
		return out, nil
	},
	"default": func(v any, args map[string]any) (any, error) {
		if _, ok := v.(teraUndefined); ok {
			return args["value"], nil
		}
		return v, nil
	},
	"replace": func(v any, args map[string]any) (any, error) {
		return strings.ReplaceAll(teraString(v), teraString(args["from"]), teraString(args["to"])), nil
	},
	"upper":      func(v any, _ map[string]any) (any, error) { return strings.ToUpper(teraString(v)), nil },
	"lower":      func(v any, _ map[string]any) (any, error) { return strings.ToLower(teraString(v)), nil },
	"trim":       func(v any, _ map[string]any) (any, error) { return strings.TrimSpace(teraString(v)), nil },
	"escape":     func(v any, _ map[string]any) (any, error) { return teraSafe(html.EscapeString(teraString(v))), nil },
	"striptags":  func(v any, _ map[string]any) (any, error) { return tags.ReplaceAllString(teraString(v), ""), nil },
	"capitalize": func(v any, _ map[string]any) (any, error) { return capitalize(strings.ToLower(teraString(v))), nil },
	"title": func(v any, _ map[string]any) (any, error) {
		words := strings.Fields(teraString(v))
		for i, w := range words {
			words[i] = capitalize(strings.ToLower(w))
		}
		return strings.Join(words, " "), nil
	},
	"linebreaksbr": func(v any, _ map[string]any) (any, error) {
		return strings.ReplaceAll(teraString(v), "\n", "<br>"), nil
	},
}

// teraTests are Tera's tests a shortcode can use in a book.
var teraTests = map[string]func(v, arg any) bool{
	"defined":   func(v, _ any) bool { _, u := v.(teraUndefined); return !u },
	"undefined": func(v, _ any) bool { _, u := v.(teraUndefined); return u },
	"string":    func(v, _ any) bool { _, s := v.(string); return s },
	"number":    func(v, _ any) bool { _, n := v.(float64); return n },
	"starting_with": func(v, arg any) bool {
		return strings.HasPrefix(teraString(v), teraString(arg))
	},
	"ending_with": func(v, arg any) bool {
		return strings.HasSuffix(teraString(v), teraString(arg))
	},
	"containing": func(v, arg any) bool {
		return strings.Contains(teraString(v), teraString(arg))
	},
}

// teraProblem says, in a few words, what of a template a book lacks.
func teraProblem(err error) string {
	var u teraUnsupported
	if errors.As(err, &u) || errors.Is(err, errTooLong) {
		return err.Error()
	}
	return "it fails: " + err.Error()
}
