package dialect

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	wantLine    = regexp.MustCompile(`(?m)^<!-- want: (.*) -->\n`)
	problemLine = regexp.MustCompile(`(?m)^<!-- want-problem: (.*) -->\n`)
	codeBlock   = regexp.MustCompile(`<code>.*?</code>`)
)

// TestTemplateFixtures rewrites each post of testdata/templates and checks
// the book shows what its first lines say, with no template syntax left.
func TestTemplateFixtures(t *testing.T) {
	files, err := filepath.Glob("../../../../testdata/templates/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("fixtures: %v, %v", files, err)
	}
	for _, f := range files {
		if filepath.Base(f) == "README.md" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := string(data)
			wants := wantLine.FindAllStringSubmatch(src, -1)
			problems := problemLine.FindAllStringSubmatch(src, -1)
			src = problemLine.ReplaceAllString(wantLine.ReplaceAllString(src, ""), "")
			got, msgs := xhtml(t, src, Options{})
			for _, w := range wants {
				if !strings.Contains(got, w[1]) {
					t.Errorf("book lacks %s\ngot: %s\nproblems: %q", w[1], got, msgs)
				}
			}
			for _, w := range problems {
				if !strings.Contains(strings.Join(msgs, "\n"), w[1]) {
					t.Errorf("problems lack %q: %q", w[1], msgs)
				}
			}
			if len(problems) == 0 && len(msgs) > 0 {
				t.Errorf("problems: %q", msgs)
			}
			if strings.Contains(codeBlock.ReplaceAllString(got, ""), "{:") || strings.Contains(got, "{.") {
				t.Errorf("attribute list left: %s", got)
			}
			if strings.Contains(got, "{{") || strings.Contains(got, "{%") {
				t.Errorf("template syntax left: %s", got)
			}
		})
	}
}

func TestZolaCall(t *testing.T) {
	for _, tt := range []struct {
		expr, name string
		args       []Arg
		ok         bool
	}{
		{`figure(image="a.png", caption='x, y')`, "figure", []Arg{{"image", "a.png"}, {"caption", "x, y"}}, true},
		{"youtube(id=`abc`, autoplay=true, width=640)", "youtube", []Arg{{"id", "abc"}, {"autoplay", "true"}, {"width", "640"}}, true},
		{`gallery(images=["a.png", "b]c.png"], n=2)`, "gallery", []Arg{{"images", `["a.png", "b]c.png"]`}, {"n", "2"}}, true},
		{`now()`, "now", nil, true},
		{`page.title`, "", nil, false},
		{`x | default(value="y")`, "", nil, false},
		{`f(a="unclosed)`, "", nil, false},
		{`f("positional")`, "", nil, false},
	} {
		name, args, ok := zolaCall(tt.expr)
		if name != tt.name || ok != tt.ok || len(args) != len(tt.args) {
			t.Errorf("zolaCall(%s) = %q, %v, %v", tt.expr, name, args, ok)
			continue
		}
		for i := range args {
			if args[i] != tt.args[i] {
				t.Errorf("zolaCall(%s) arg %d = %v, want %v", tt.expr, i, args[i], tt.args[i])
			}
		}
	}
}

func FuzzZolaCall(f *testing.F) {
	for _, s := range []string{`figure(image="a.png", caption='x')`, "y(a=`b`, c=[1, [2]])", `q()`, `f(a=`, `f(=1)`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		name, args, ok := zolaCall(expr)
		if !ok {
			return
		}
		if !isIdent(name) {
			t.Fatalf("zolaCall(%q) name %q", expr, name)
		}
		for _, a := range args {
			if !isIdent(a.Name) {
				t.Fatalf("zolaCall(%q) arg name %q", expr, a.Name)
			}
		}
		// The whole body is a tag of the rewriter too: it must not panic.
		Rewrite([]byte("{{ "+expr+" }}\n\n{% "+expr+" %}x{% end %}"), Options{})
	})
}

func FuzzRewrite(f *testing.F) {
	for _, s := range []string{
		"<ul>\n{% for x in y %}\n<li>{{ x }}</li>\n{% endfor %}\n</ul>",
		"See ([#1][]).\n\n[#1]: {{ site.repo }}\n",
		"{% quote(author=\"a\") %}\nq\n{% end %}\n{{ figure(image=\"a.png\") }}",
		"{% figure caption:\"c' %}\n![a](b.png)\n{% endfigure %}",
		"* TOC\n{:toc}\n\n## A\n{: #a .b}\n\n[x](y){:.btn} `{: .c}`\n",
		"{::comment}\n{: #x}\n{:/}\n{:d: .e}\n{::nomarkdown}<i>{:/nomarkdown}\n> {: #q}\nT\n===\n{: #t}",
		"## H\n{#h .c k=\"v\"}\n\n> q\n{.c}\n\n{.5} {#x}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, _ := Rewrite([]byte(src), Options{})
		if !strings.Contains(src, "\x00") && strings.Contains(string(out), "\x00") {
			t.Fatalf("Rewrite(%q) left a line mark: %q", src, out)
		}
	})
}
