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
		// Zola's grammar lets commas go, and its strings run over lines.
		{"figure(class=\"captioned\"\n  src=\"a.png\" n=2)", "figure", []Arg{{"class", "captioned"}, {"src", "a.png"}, {"n", "2"}}, true},
		{"figure(src=\"a.png\", caption=\"Made by\n    Ann.\")", "figure", []Arg{{"src", "a.png"}, {"caption", "Made by Ann."}}, true},
		{`f(a="x"b="y")`, "", nil, false},
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
		"<div id=\"n\" markdown=\"1\">\n<details markdown=1>\n<summary>S</summary>\n*a*\n</details>\n</div>\n",
		"{% include gallery id=\"g\" caption=\"c\" %}\n{% include video id=\"x\" provider=\"vimeo\" %}",
		"{% for x in xs reversed %}<img src=\"{{ x.src | default: 'a' }}\">{% endfor %} {{ m.k }}",
	} {
		f.Add(s)
	}
	// An Eleventy page's data, for the loops and bare names to read.
	data := &Cascade{Page: map[string]any{"fileSlug": "s"}, Layers: []map[string]any{{
		"xs": []any{"a", map[string]any{"src": "b.png"}, []any{"c"}, nil, 1.5},
		"y":  []any{"p", "q"}, "m": map[string]any{"k": "v"},
	}}}
	f.Fuzz(func(t *testing.T, src string) {
		for _, opts := range []Options{{}, {Cascade: data}, {Kramdown: true, Page: map[string]any{"gallery": []any{map[string]any{"url": "a.png"}}}}} {
			out, _ := Rewrite([]byte(src), opts)
			if !strings.Contains(src, "\x00") && strings.Contains(string(out), "\x00") {
				t.Fatalf("Rewrite(%q) left a line mark: %q", src, out)
			}
		}
		Expand(src, Options{Cascade: data})
	})
}

// TestZolaCallsOverLines reads Zola calls as Zola does: a string over lines
// of its paragraph, arguments without commas, and escaped calls shown in
// code as the calls they escape, on a Zola site only.
func TestZolaCallsOverLines(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		zola      bool
		want      string
	}{
		{"string over lines", "{{ figure(src=\"a.png\", caption=\"Made by\n        Ann.\") }}\n", true, `<img alt="Made by Ann." src="images/a.png"/><figcaption>Made by Ann.</figcaption>`},
		{"no commas", "{{ figure(class=\"captioned\"\n  src=\"a.png\") }}\n", true, `<img alt="" src="images/a.png"/>`},
		{"escaped in code", "```\n{{/* youtube(id=\"x1\") */}}\n{%/* note(kind=\"a\") */%}\nbody\n{%/* end */%}\n```\n", true, `{{ youtube(id="x1") }}{% note(kind="a") %}body{% end %}`},
		{"escaped in a code span", "say `{{/* gist(url=\"u\") */}}` there\n", true, `<code>{{ gist(url="u") }}</code>`},
		{"not Zola", "```\n{{/* a comment */}}\n{{/* youtube(id=1) */}}\n```\n", false, "{{/* a comment */}}{{/* youtube(id=1) */}}"},
		{"a comment on Zola", "```\n{{/* a comment */}}\n```\n", true, "{{/* a comment */}}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, msgs := xhtml(t, tt.src, Options{Zola: tt.zola})
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %s\nwant %s\nproblems %q", got, tt.want, msgs)
			}
		})
	}
	// A blank line ends a call's paragraph, and so a string that would
	// cross it.
	got, _ := xhtml(t, "{{ figure(src=\"a.png\", caption=\"one\n\ntwo\") }}\n", Options{Zola: true})
	if strings.Contains(got, "<img") {
		t.Errorf("a string crossed a blank line: %s", got)
	}
}
