package dialect

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"unicode"

	"github.com/yuin/goldmark"
)

// A Hugo site's own shortcodes are Go templates in its layouts
// (layouts/shortcodes/man.html); what one writes is what the site showed
// where the post calls it. A shortcode that anthology gives no meaning is
// drawn with its template when the template needs only what a post has:
// its arguments, its inner content, the page's and the site's parameters,
// and the functions below. One that asks for more (partial, site.GetPage,
// the page's resources) is removed as before, with a warning that says
// why.

// Template is the source of a site's shortcode template and the file it
// is read from, for messages.
type Template struct {
	File, Source string
}

// templateFiles are a site's shortcode template files by name, each
// parsed into a T on first use by parse; safe for concurrent use. A nil
// one holds none.
type templateFiles[T any] struct {
	files  map[string]Template
	parse  func(name, source string) (T, error)
	mu     sync.Mutex
	parsed map[string]parsedFile[T]
}

type parsedFile[T any] struct {
	v   T
	err error
}

func newTemplateFiles[T any](files map[string]Template, parse func(name, source string) (T, error)) *templateFiles[T] {
	return &templateFiles[T]{files: files, parse: parse, parsed: map[string]parsedFile[T]{}}
}

// has reports whether the site has a template of its own for name.
func (tf *templateFiles[T]) has(name string) bool {
	if tf == nil {
		return false
	}
	_, ok := tf.files[name]
	return ok
}

// lookup returns the parsed template of name, its file, whether the site
// has one, and why it cannot be used, if it cannot.
func (tf *templateFiles[T]) lookup(name string) (T, Template, bool, error) {
	var none T
	if tf == nil {
		return none, Template{}, false, nil
	}
	file, ok := tf.files[name]
	if !ok {
		return none, Template{}, false, nil
	}
	tf.mu.Lock()
	defer tf.mu.Unlock()
	p, ok := tf.parsed[name]
	if !ok {
		p.v, p.err = tf.parse(name, file.Source)
		tf.parsed[name] = p
	}
	return p.v, file, true, p.err
}

// Templates are a Hugo site's shortcode templates by name, parsed once
// on first use; safe for concurrent use.
type Templates struct {
	*templateFiles[*template.Template]
}

// NewTemplates holds the templates of files, by shortcode name.
func NewTemplates(files map[string]Template) *Templates {
	return &Templates{newTemplateFiles(files, parseGoTemplate)}
}

// has reports whether the site has a template of its own for name.
func (ts *Templates) has(name string) bool {
	return ts != nil && ts.templateFiles.has(name)
}

// lookup returns the parsed template of name, whether the site has one,
// and why it cannot be used, if it cannot.
func (ts *Templates) lookup(name string) (*template.Template, Template, bool, error) {
	if ts == nil {
		return nil, Template{}, false, nil
	}
	return ts.templateFiles.lookup(name)
}

// parseGoTemplate parses a Hugo shortcode template; one that ranges over
// a number (a loop a site's data could make endless) cannot be used.
func parseGoTemplate(name, source string) (*template.Template, error) {
	t, err := template.New(name).Funcs(templateFuncs).Parse(source)
	if err != nil {
		return nil, err
	}
	for _, sub := range t.Templates() {
		if sub.Tree != nil && rangesOverNumber(sub.Tree.Root) {
			return t, errNumberLoop
		}
	}
	return t, nil
}

// maxTemplateOutput bounds what one call writes: a template is the site's
// code, and a loop in it must not fill the memory.
const maxTemplateOutput = 1 << 20

var errTooLong = errors.New("it writes more than 1 MB")

// errNumberLoop refuses {{ range 1000000000 }}: a loop over a number,
// which a shortcode has no need of, could run for hours.
var errNumberLoop = errors.New("it loops over a number")

// rangesOverNumber reports whether a template's tree holds a range over a
// number.
func rangesOverNumber(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if rangesOverNumber(c) {
				return true
			}
		}
	case *parse.RangeNode:
		for _, cmd := range n.Pipe.Cmds {
			for _, arg := range cmd.Args {
				if _, ok := arg.(*parse.NumberNode); ok {
					return true
				}
			}
		}
		return rangesOverNumber(n.List) || rangesOverNumber(n.ElseList)
	case *parse.IfNode:
		return rangesOverNumber(n.List) || rangesOverNumber(n.ElseList)
	case *parse.WithNode:
		return rangesOverNumber(n.List) || rangesOverNumber(n.ElseList)
	}
	return false
}

type cappedWriter struct{ bytes.Buffer }

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > maxTemplateOutput {
		return 0, errTooLong
	}
	return w.Buffer.Write(p)
}

// execute writes the shortcode t with its template, inner being the
// content of a paired call as written. The HTML comes on one line, unless
// it holds preformatted text: a call inside a paragraph or a table row
// stays there.
func (ts *Templates) execute(t *Token, inner string, page, site map[string]any) (string, Template, bool, error) {
	tmpl, file, ok, err := ts.lookup(t.Name)
	if !ok || err != nil {
		return "", file, ok, err
	}
	var out cappedWriter
	call := &shortcodeCall{tok: t, inner: inner, page: pageVars{page}, site: siteVars{site}}
	if err := tmpl.Execute(&out, call); err != nil {
		return "", file, true, err
	}
	html := strings.TrimSpace(out.String())
	if !strings.Contains(html, "<pre") && !strings.Contains(html, "<textarea") {
		html = strings.Join(strings.Fields(html), " ")
	}
	return html, file, true, nil
}

// templateProblem says, in a few words, what of a template a book lacks.
func templateProblem(err error) string {
	msg := err.Error()
	if m := undefinedFunc.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("it calls %s, which a book does not have", m[1])
	}
	if m := missingField.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("it asks for .%s, which a book does not have", m[1])
	}
	if errors.Is(err, errTooLong) || errors.Is(err, errNumberLoop) {
		return err.Error()
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return "it fails: " + msg
}

var (
	undefinedFunc = regexp.MustCompile(`function "([^"]+)" not defined`)
	missingField  = regexp.MustCompile(`can't evaluate field (\w+)`)
)

// shortcodeCall is what a shortcode template sees as its dot.
type shortcodeCall struct {
	tok   *Token
	inner string
	page  pageVars
	site  siteVars
}

// Get returns a named argument (a string key) or a positional one (an
// index), or nil, as Hugo does.
func (c *shortcodeCall) Get(key any) any {
	switch k := key.(type) {
	case string:
		for _, a := range c.tok.Args {
			if a.Name == k {
				return a.Value
			}
		}
	case int:
		n := 0
		for _, a := range c.tok.Args {
			if a.Name != "" {
				continue
			}
			if n == k {
				return a.Value
			}
			n++
		}
	}
	return nil
}

// Params are the call's arguments: a map when they are named, a list
// when they are positional.
func (c *shortcodeCall) Params() any {
	if c.IsNamedParams() {
		m := map[string]any{}
		for _, a := range c.tok.Args {
			m[a.Name] = a.Value
		}
		return m
	}
	var out []any
	for _, a := range c.tok.Args {
		out = append(out, a.Value)
	}
	return out
}

func (c *shortcodeCall) IsNamedParams() bool {
	return len(c.tok.Args) > 0 && c.tok.Args[0].Name != ""
}

// Inner is the content of a paired call, as written: Hugo hands it to the
// template unrendered.
func (c *shortcodeCall) Inner() template.HTML { return template.HTML(c.inner) }

func (c *shortcodeCall) InnerDeindent() template.HTML { return c.Inner() }

func (c *shortcodeCall) Name() string { return c.tok.Name }

func (c *shortcodeCall) Ordinal() int { return 0 }

func (c *shortcodeCall) Page() pageVars { return c.page }

func (c *shortcodeCall) Site() siteVars { return c.site }

// pageVars is .Page: the post's front matter.
type pageVars struct{ fm map[string]any }

func (p pageVars) Title() any             { return p.fm["title"] }
func (p pageVars) Params() map[string]any { return p.fm }
func (p pageVars) Param(key string) any   { return p.fm[key] }

// siteVars is .Site: the site's config, with the book file's site: over
// it.
type siteVars struct{ cfg map[string]any }

func (s siteVars) Title() any { return s.cfg["title"] }
func (s siteVars) BaseURL() any {
	if v, ok := s.cfg["baseURL"]; ok {
		return v
	}
	return s.cfg["baseurl"]
}

func (s siteVars) Params() any {
	if p, ok := s.cfg["params"]; ok {
		return p
	}
	return map[string]any{}
}

// stringsNamespace is Hugo's strings.* functions that shortcodes use.
type stringsNamespace struct{}

func (stringsNamespace) HasPrefix(s, p any) bool { return strings.HasPrefix(str(s), str(p)) }
func (stringsNamespace) HasSuffix(s, p any) bool { return strings.HasSuffix(str(s), str(p)) }
func (stringsNamespace) Contains(s, p any) bool  { return strings.Contains(str(s), str(p)) }
func (stringsNamespace) TrimSpace(s any) string  { return strings.TrimSpace(str(s)) }
func (stringsNamespace) ToLower(s any) string    { return strings.ToLower(str(s)) }
func (stringsNamespace) ToUpper(s any) string    { return strings.ToUpper(str(s)) }
func (stringsNamespace) Replace(s, o, n any) string {
	return strings.ReplaceAll(str(s), str(o), str(n))
}

func str(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case template.HTML:
		return string(v)
	}
	return fmt.Sprint(v)
}

var inlineMarkdown = goldmark.New()

// markdownHTML renders a template's Markdown src with md; inline writes
// one paragraph without its <p>, as Hugo's markdownify and Zola's
// markdown(inline=true) do.
func markdownHTML(md goldmark.Markdown, src string, inline bool) (string, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	if !inline {
		return b.String(), nil
	}
	out := strings.TrimSpace(b.String())
	if strings.HasPrefix(out, "<p>") && strings.HasSuffix(out, "</p>") && strings.Count(out, "<p>") == 1 {
		out = strings.TrimSuffix(strings.TrimPrefix(out, "<p>"), "</p>")
	}
	return out, nil
}

// templateFuncs are the functions of Hugo's templates a shortcode can use
// in a book: those about text, not about the site's other pages or files.
var templateFuncs = template.FuncMap{
	"strings":      func() stringsNamespace { return stringsNamespace{} },
	"safeHTML":     func(v any) template.HTML { return template.HTML(str(v)) },
	"safeHTMLAttr": func(v any) template.HTMLAttr { return template.HTMLAttr(str(v)) },
	"safeURL":      func(v any) template.URL { return template.URL(str(v)) },
	"safeCSS":      func(v any) template.CSS { return template.CSS(str(v)) },
	"markdownify": func(v any) (template.HTML, error) {
		out, err := markdownHTML(inlineMarkdown, str(v), true)
		return template.HTML(out), err
	},
	"plainify": func(v any) string { return tags.ReplaceAllString(str(v), "") },
	"htmlEscape": func(v any) string {
		return template.HTMLEscapeString(str(v))
	},
	"lower": func(v any) string { return strings.ToLower(str(v)) },
	"upper": func(v any) string { return strings.ToUpper(str(v)) },
	"title": func(v any) string {
		words := strings.Fields(str(v))
		for i, w := range words {
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			words[i] = string(r)
		}
		return strings.Join(words, " ")
	},
	"trim":    func(v any, cut string) string { return strings.Trim(str(v), cut) },
	"replace": func(v, o, n any) string { return strings.ReplaceAll(str(v), str(o), str(n)) },
	"urlize": func(v any) string {
		return strings.ToLower(strings.Join(strings.Fields(str(v)), "-"))
	},
	"default": func(def, v any) any {
		if v == nil || str(v) == "" || v == false {
			return def
		}
		return v
	},
	"cond": func(c bool, a, b any) any {
		if c {
			return a
		}
		return b
	},
	"relURL": func(v any) string { return str(v) },
	"absURL": func(v any) string { return str(v) },
	"string": func(v any) string { return str(v) },
	"int": func(v any) (int, error) {
		return strconv.Atoi(strings.TrimSpace(str(v)))
	},
	"float": func(v any) (float64, error) {
		return strconv.ParseFloat(strings.TrimSpace(str(v)), 64)
	},
	"add": func(a, b float64) float64 { return a + b },
	"sub": func(a, b float64) float64 { return a - b },
	"mul": func(a, b float64) float64 { return a * b },
	"div": func(a, b float64) (float64, error) {
		if b == 0 {
			return 0, errors.New("division by zero")
		}
		return a / b, nil
	},
	"isset": func(m any, key any) bool {
		switch m := m.(type) {
		case map[string]any:
			_, ok := m[str(key)]
			return ok
		}
		return false
	},
}

var tags = regexp.MustCompile(`<[^>]*>`)
